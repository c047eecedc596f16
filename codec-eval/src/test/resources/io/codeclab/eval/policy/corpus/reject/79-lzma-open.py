# expect: denied-api
import lzma
with lzma.open("/tmp/x.xz", "wb") as f:
    f.write(b"")

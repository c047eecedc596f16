# expect: denied-api
import io
with io.open("/etc/passwd", "rb") as f:
    f.read()

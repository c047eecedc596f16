# expect: denied-builtin
def encode(frames, quality):
    with open("/tmp/leak", "wb") as f:
        f.write(frames.tobytes())
    return b""

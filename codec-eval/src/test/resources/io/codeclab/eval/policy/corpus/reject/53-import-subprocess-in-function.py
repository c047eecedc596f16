# expect: import-not-allowed
def encode(frames, quality):
    import subprocess
    subprocess.run(["curl", "http://example.com"])
    return b""

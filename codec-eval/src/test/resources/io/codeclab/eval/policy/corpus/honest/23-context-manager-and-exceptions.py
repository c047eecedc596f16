import io
import struct
import zlib

import numpy as np


class CodecError(ValueError):
    pass


class Section:
    def __init__(self, out: io.BytesIO, tag: bytes):
        self.out, self.tag, self.start = out, tag, 0

    def __enter__(self):
        self.out.write(self.tag + b"\0\0\0\0")
        self.start = self.out.tell()
        return self

    def __exit__(self, exc_type, exc, tb):
        end = self.out.tell()
        self.out.seek(self.start - 4)
        self.out.write(struct.pack("<I", end - self.start))
        self.out.seek(end)
        return False


def encode(frames, quality):
    out = io.BytesIO()
    with Section(out, b"HEAD"):
        out.write(struct.pack("<IIIB", *frames.shape[:3], 8 - min(8, quality)))
    with Section(out, b"DATA"):
        out.write(zlib.compress((frames >> (8 - min(8, quality))).tobytes()))
    return out.getvalue()


def decode(data):
    buf = io.BytesIO(data)
    if buf.read(4) != b"HEAD":
        raise CodecError("missing HEAD section")
    buf.read(4)
    n, h, w, shift = struct.unpack("<IIIB", buf.read(13))
    if buf.read(4) != b"DATA":
        raise CodecError("missing DATA section")
    (size,) = struct.unpack("<I", buf.read(4))
    q = np.frombuffer(zlib.decompress(buf.read(size)), np.uint8).reshape(n, h, w, 3)
    return (q << shift) | ((1 << shift) >> 1)

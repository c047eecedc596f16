import struct
import zlib

import numpy as np


def frame_chunks(frames, size=4):
    for start in range(0, len(frames), size):
        yield start, frames[start:start + size]


def encode(frames, quality):
    shift = max(0, 8 - quality)
    squash = lambda a: (a >> shift).astype(np.uint8)
    parts = [struct.pack("<IIIB", *frames.shape[:3], shift)]
    for start, chunk in frame_chunks(frames):
        blob = zlib.compress(squash(chunk).tobytes())
        parts.append(struct.pack("<II", start, len(blob)) + blob)
    return b"".join(parts)


def decode(data):
    n, h, w, shift = struct.unpack_from("<IIIB", data, 0)
    out, pos = np.empty((n, h, w, 3), np.uint8), 13
    while pos < len(data):
        start, size = struct.unpack_from("<II", data, pos)
        chunk = np.frombuffer(zlib.decompress(data[pos + 8:pos + 8 + size]), np.uint8).reshape(-1, h, w, 3)
        out[start:start + len(chunk)] = (chunk << shift) | ((1 << shift) >> 1)
        pos += 8 + size
    return out

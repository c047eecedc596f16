import struct
import zlib
from collections import namedtuple

import numpy as np

Plane = namedtuple("Plane", ["index", "shift", "payload"])
MODE_RAW = 0
MODE_DELTA = 1


def pack_plane(plane: Plane) -> bytes:
    return struct.pack("<BBI", plane.index, plane.shift, len(plane.payload)) + plane.payload


def unpack_plane(data: bytes, pos: int):
    index, shift, size = struct.unpack_from("<BBI", data, pos)
    return Plane(index, shift, data[pos + 6:pos + 6 + size]), pos + 6 + size


def encode(frames, quality):
    shift = max(0, 8 - quality)
    planes = []
    for c in range(3):
        channel = (frames[..., c] >> shift).astype(np.int16)
        delta = np.diff(channel, axis=0, prepend=0).astype(np.int16)
        planes.append(Plane(c, shift, zlib.compress(delta.tobytes())))
    head = struct.pack("<IIIB", *frames.shape[:3], MODE_DELTA)
    return head + b"".join(pack_plane(p) for p in planes)


def decode(data):
    n, h, w, mode = struct.unpack_from("<IIIB", data, 0)
    out = np.empty((n, h, w, 3), np.uint8)
    pos = 13
    for _ in range(3):
        plane, pos = unpack_plane(data, pos)
        delta = np.frombuffer(zlib.decompress(plane.payload), np.int16).reshape(n, h, w)
        values = np.cumsum(delta, axis=0) if mode == MODE_DELTA else delta
        out[..., plane.index] = ((values << plane.shift) | ((1 << plane.shift) >> 1)).clip(0, 255)
    return out

import struct
import zlib

import numpy as np


class FrameGeometry:
    __slots__ = ("frames", "height", "width")

    def __init__(self, frames, height, width):
        self.frames, self.height, self.width = frames, height, width

    @property
    def pixels(self):
        return self.frames * self.height * self.width

    @property
    def shape(self):
        return (self.frames, self.height, self.width, 3)

    def __repr__(self):
        return f"FrameGeometry({self.frames}x{self.height}x{self.width})"


def encode(frames, quality):
    geometry = FrameGeometry(*frames.shape[:3])
    step = 1 << max(0, 8 - quality)
    q = (frames // step).astype(np.uint8)
    return struct.pack("<IIIB", geometry.frames, geometry.height, geometry.width, step) + zlib.compress(q.tobytes())


def decode(data):
    n, h, w, step = struct.unpack_from("<IIIB", data, 0)
    geometry = FrameGeometry(n, h, w)
    q = np.frombuffer(zlib.decompress(data[13:]), np.uint8)
    if q.size != geometry.pixels * 3:
        raise ValueError(f"expected {geometry.pixels * 3} samples for {geometry!r}, got {q.size}")
    return (q.reshape(geometry.shape).astype(np.uint16) * step + step // 2).clip(0, 255).astype(np.uint8)

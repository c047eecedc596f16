import lzma
import struct
import zlib

import numpy as np


class BaseCodec:
    name = "base"

    def __init__(self, quality):
        self.quality = quality

    def compress(self, payload: bytes) -> bytes:
        raise NotImplementedError

    def decompress(self, payload: bytes) -> bytes:
        raise NotImplementedError

    def save(self, frames):
        shift = max(0, 8 - self.quality)
        head = struct.pack("<IIIB", *frames.shape[:3], shift)
        return head + self.compress((frames >> shift).tobytes())

    def load(self, data):
        n, h, w, shift = struct.unpack_from("<IIIB", data, 0)
        q = np.frombuffer(self.decompress(data[13:]), np.uint8).reshape(n, h, w, 3)
        return (q << shift) | ((1 << shift) >> 1)


class ZlibCodec(BaseCodec):
    name = "zlib"

    def compress(self, payload):
        return zlib.compress(payload, 9)

    def decompress(self, payload):
        return zlib.decompress(payload)


class LzmaCodec(BaseCodec):
    name = "lzma"

    def compress(self, payload):
        return lzma.compress(payload)

    def decompress(self, payload):
        return lzma.decompress(payload)

    def save(self, frames):
        return b"L" + super().save(frames)

    def load(self, data):
        return super().load(data[1:])


def encode(frames, quality):
    codec = LzmaCodec(quality) if quality > 5 else ZlibCodec(quality)
    return codec.save(frames) if quality <= 5 else codec.save(frames)


def decode(data):
    if data[:1] == b"L":
        return LzmaCodec(1).load(data)
    return ZlibCodec(1).load(data)

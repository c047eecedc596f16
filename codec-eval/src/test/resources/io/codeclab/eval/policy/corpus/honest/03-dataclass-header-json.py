from dataclasses import asdict, dataclass
import json
import lzma
import struct

import numpy as np


@dataclass
class Header:
    frames: int
    height: int
    width: int
    shift: int

    def to_bytes(self) -> bytes:
        blob = json.dumps(asdict(self)).encode("utf-8")
        return struct.pack("<H", len(blob)) + blob

    @classmethod
    def from_bytes(cls, data: bytes):
        (size,) = struct.unpack_from("<H", data, 0)
        return cls(**json.loads(data[2:2 + size].decode("utf-8"))), 2 + size


def encode(frames: np.ndarray, quality: int) -> bytes:
    shift = max(0, 8 - quality)
    header = Header(frames.shape[0], frames.shape[1], frames.shape[2], shift)
    return header.to_bytes() + lzma.compress((frames >> shift).tobytes(), preset=6)


def decode(data: bytes) -> np.ndarray:
    header, offset = Header.from_bytes(data)
    q = np.frombuffer(lzma.decompress(data[offset:]), dtype=np.uint8)
    q = q.reshape(header.frames, header.height, header.width, 3)
    return (q << header.shift) + ((1 << header.shift) >> 1)

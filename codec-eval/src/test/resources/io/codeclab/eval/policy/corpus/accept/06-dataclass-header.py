from dataclasses import dataclass, field, asdict
import json
import struct

import numpy as np


@dataclass
class Header:
    frames: int
    height: int
    width: int
    quality: int
    tables: list = field(default_factory=list)

    def __post_init__(self):
        if self.frames <= 0:
            raise ValueError("no frames")

    def pack(self) -> bytes:
        meta = json.dumps(asdict(self)).encode()
        return struct.pack("<I", len(meta)) + meta

    @classmethod
    def unpack(cls, data: bytes):
        (size,) = struct.unpack_from("<I", data, 0)
        return cls(**json.loads(data[4:4 + size])), 4 + size


def encode(frames: np.ndarray, quality: int) -> bytes:
    header = Header(len(frames), frames.shape[1], frames.shape[2], quality)
    return header.pack() + (frames >> 2).tobytes()


def decode(data: bytes) -> np.ndarray:
    header, offset = Header.unpack(data)
    q = np.frombuffer(data, np.uint8, offset=offset)
    return (q.reshape(header.frames, header.height, header.width, 3) << 2).astype(np.uint8)

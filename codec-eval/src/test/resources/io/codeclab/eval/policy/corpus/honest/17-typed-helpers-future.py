from __future__ import annotations

import bz2
import struct
from typing import Dict, List, Optional, Tuple

import numpy as np

Shape = Tuple[int, int, int]


def header(shape: Shape, shift: int) -> bytes:
    return struct.pack("<IIIB", *shape, shift)


def parse(data: bytes) -> Tuple[Shape, int, int]:
    n, h, w, shift = struct.unpack_from("<IIIB", data, 0)
    return (n, h, w), shift, 13


def stats(frames: np.ndarray) -> Dict[str, float]:
    return {"mean": float(frames.mean()), "std": float(frames.std())}


def encode(frames: np.ndarray, quality: int, notes: Optional[List[str]] = None) -> bytes:
    shift = 8 - min(8, max(1, quality))
    if notes is not None:
        notes.append("mean {mean:.1f} std {std:.1f}".format(**stats(frames)))
    return header(frames.shape[:3], shift) + bz2.compress((frames >> shift).tobytes(), 9)


def decode(data: bytes) -> np.ndarray:
    (n, h, w), shift, offset = parse(data)
    q = np.frombuffer(bz2.decompress(data[offset:]), np.uint8).reshape(n, h, w, 3)
    return (q << shift) | ((1 << shift) >> 1)

import struct
import zlib

import cv2
import numpy as np


def to_ycrcb(frames):
    return np.stack([cv2.cvtColor(f, cv2.COLOR_RGB2YCrCb) for f in frames])


def from_ycrcb(frames):
    return np.stack([cv2.cvtColor(f, cv2.COLOR_YCrCb2RGB) for f in frames])


def encode(frames: np.ndarray, quality: int) -> bytes:
    n, h, w, _ = frames.shape
    ycc = to_ycrcb(frames)
    luma = ycc[..., 0] >> (8 - min(8, quality))
    chroma = ycc[:, ::2, ::2, 1:] >> (8 - min(8, max(1, quality - 2)))
    header = struct.pack("<IIIBB", n, h, w, 8 - min(8, quality), 8 - min(8, max(1, quality - 2)))
    return header + zlib.compress(luma.tobytes() + chroma.tobytes(), 9)


def decode(data: bytes) -> np.ndarray:
    n, h, w, ls, cs = struct.unpack_from("<IIIBB", data, 0)
    raw = zlib.decompress(data[14:])
    luma = np.frombuffer(raw, np.uint8, n * h * w).reshape(n, h, w)
    ch, cw = (h + 1) // 2, (w + 1) // 2
    chroma = np.frombuffer(raw, np.uint8, n * ch * cw * 2, n * h * w).reshape(n, ch, cw, 2)
    ycc = np.empty((n, h, w, 3), np.uint8)
    ycc[..., 0] = (luma << ls) | ((1 << ls) >> 1)
    up = chroma.repeat(2, axis=1).repeat(2, axis=2)[:, :h, :w]
    ycc[..., 1:] = (up << cs) | ((1 << cs) >> 1)
    return from_ycrcb(ycc)

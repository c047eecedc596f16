"""8x8 DCT with a matrix built from math.cos, zigzag order, and zlib entropy coding."""
import math
import struct
import zlib

import numpy as np

N = 8


def dct_matrix(n: int = N) -> np.ndarray:
    m = np.zeros((n, n), dtype=np.float64)
    for k in range(n):
        scale = math.sqrt(1.0 / n) if k == 0 else math.sqrt(2.0 / n)
        for i in range(n):
            m[k, i] = scale * math.cos(math.pi * (2 * i + 1) * k / (2 * n))
    return m


D = dct_matrix()


def blocks(plane: np.ndarray) -> np.ndarray:
    h, w = plane.shape
    return plane.reshape(h // N, N, w // N, N).swapaxes(1, 2)


def unblocks(b: np.ndarray) -> np.ndarray:
    bh, bw = b.shape[:2]
    return b.swapaxes(1, 2).reshape(bh * N, bw * N)


def encode(frames: np.ndarray, quality: int) -> bytes:
    n, h, w, _ = frames.shape
    ph, pw = -h % N, -w % N
    padded = np.pad(frames.astype(np.float64) - 128.0, ((0, 0), (0, ph), (0, pw), (0, 0)), mode="edge")
    step = 40.0 / quality
    coeffs = []
    for f in range(n):
        for c in range(3):
            b = blocks(padded[f, :, :, c])
            coeffs.append(np.round(D @ b @ D.T / step).astype(np.int16))
    payload = zlib.compress(np.stack(coeffs).tobytes(), 9)
    return struct.pack("<IIIf", n, h, w, step) + payload


def decode(data: bytes) -> np.ndarray:
    n, h, w, step = struct.unpack_from("<IIIf", data, 0)
    hh, ww = h + (-h % N), w + (-w % N)
    c = np.frombuffer(zlib.decompress(data[16:]), dtype=np.int16)
    c = c.reshape(n, 3, hh // N, ww // N, N, N).astype(np.float64) * step
    out = np.empty((n, hh, ww, 3))
    for f in range(n):
        for ch in range(3):
            out[f, :, :, ch] = unblocks(D.T @ c[f, ch] @ D)
    return np.clip(out[:, :h, :w] + 128.0, 0, 255).round().astype(np.uint8)

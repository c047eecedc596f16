import struct
import zlib

import numpy as np


def haar_forward(x):
    a = (x[:, 0::2] + x[:, 1::2]) / 2.0
    d = (x[:, 0::2] - x[:, 1::2]) / 2.0
    return np.concatenate([a, d], axis=1)


def haar_inverse(y):
    half = y.shape[1] // 2
    a, d = y[:, :half], y[:, half:]
    out = np.empty_like(y)
    out[:, 0::2] = a + d
    out[:, 1::2] = a - d
    return out


def encode(frames, quality):
    n, h, w, c = frames.shape
    pw = w + (w % 2)
    padded = np.pad(frames.astype(np.float32), ((0, 0), (0, 0), (0, pw - w), (0, 0)), mode="edge")
    step = 2.0 * (11 - quality)
    coeffs = np.stack([haar_forward(padded[i, :, :, ch]) for i in range(n) for ch in range(c)])
    q = np.round(coeffs / step).astype(np.int16)
    return struct.pack("<IIIIf", n, h, w, pw, step) + zlib.compress(q.tobytes(), 9)


def decode(data):
    n, h, w, pw, step = struct.unpack_from("<IIIIf", data, 0)
    q = np.frombuffer(zlib.decompress(data[20:]), np.int16).reshape(n * 3, h, pw).astype(np.float32) * step
    planes = np.stack([haar_inverse(p) for p in q]).reshape(n, 3, h, pw)
    return np.clip(planes.transpose(0, 2, 3, 1)[:, :, :w], 0, 255).round().astype(np.uint8)

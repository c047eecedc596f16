import struct
import zlib

import numpy as np


def choose_mode(quality: int) -> str:
    match quality:
        case 1 | 2 | 3:
            return "coarse"
        case 4 | 5 | 6:
            return "medium"
        case _:
            return "fine"


SHIFTS = {"coarse": 5, "medium": 3, "fine": 1}


def encode(frames, quality):
    mode = choose_mode(quality)
    shift = SHIFTS[mode]
    return struct.pack("<IIIB", *frames.shape[:3], shift) + zlib.compress((frames >> shift).tobytes())


def decode(data):
    n, h, w, shift = struct.unpack_from("<IIIB", data, 0)
    q = np.frombuffer(zlib.decompress(data[13:]), np.uint8).reshape(n, h, w, 3)
    return (q << shift) | ((1 << shift) >> 1)

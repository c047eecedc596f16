import struct
import zlib

import numpy as np

# Module state carries across frames: the harness imports the module once per process.
_previous = None


def encode(frames: np.ndarray, quality: int) -> bytes:
    global _previous
    shift = max(0, 8 - quality)
    out = [struct.pack("<4I", *frames.shape)]
    reference = np.zeros(frames.shape[1:], dtype=np.int16)
    for frame in frames:
        current = (frame.astype(np.int16) >> shift) << shift
        residual = current - reference
        reference = current
        out.append(zlib.compress(residual.astype(np.int16).tobytes(), 6))
    _previous = reference
    return b"".join(struct.pack("<I", len(p)) + p if i else p for i, p in enumerate(out))


def decode(data: bytes) -> np.ndarray:
    n, h, w, c = struct.unpack_from("<4I", data, 0)
    offset = 16
    reference = np.zeros((h, w, c), dtype=np.int16)
    frames = []
    for _ in range(n):
        (size,) = struct.unpack_from("<I", data, offset)
        offset += 4
        residual = np.frombuffer(zlib.decompress(data[offset:offset + size]), np.int16).reshape(h, w, c)
        offset += size
        reference = reference + residual
        frames.append(np.clip(reference, 0, 255).astype(np.uint8))
    return np.stack(frames)

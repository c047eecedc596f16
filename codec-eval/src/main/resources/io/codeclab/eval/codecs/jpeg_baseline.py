"""Version 0: every frame coded on its own as a JPEG through OpenCV.

The first champion, so the first challenger already has something honest to beat.
"""
import struct

import cv2
import numpy as np

# --- tunables: the offline proposer edits the values in this block (name = value  # tune: type min max) ---
QUALITY_AT_1 = 8  # tune: int 2 40
QUALITY_STEP = 10  # tune: int 4 12
# --- end tunables ---

MAGIC = b"JPG0"


def _jpeg_quality(quality):
    return int(max(1, min(100, QUALITY_AT_1 + QUALITY_STEP * (quality - 1))))


def encode(frames: np.ndarray, quality: int) -> bytes:
    n, h, w, _ = frames.shape
    params = [int(cv2.IMWRITE_JPEG_QUALITY), _jpeg_quality(quality)]
    parts = [MAGIC, struct.pack("<III", n, h, w)]
    for frame in frames:
        ok, buf = cv2.imencode(".jpg", cv2.cvtColor(frame, cv2.COLOR_RGB2BGR), params)
        if not ok:
            raise RuntimeError("cv2.imencode failed")
        payload = buf.tobytes()
        parts.append(struct.pack("<I", len(payload)))
        parts.append(payload)
    return b"".join(parts)


def decode(data: bytes) -> np.ndarray:
    if data[:4] != MAGIC:
        raise ValueError("not a JPG0 bitstream")
    n, h, w = struct.unpack_from("<III", data, 4)
    pos = 16
    out = np.empty((n, h, w, 3), dtype=np.uint8)
    for i in range(n):
        (size,) = struct.unpack_from("<I", data, pos)
        pos += 4
        buf = np.frombuffer(data, dtype=np.uint8, count=size, offset=pos)
        pos += size
        out[i] = cv2.cvtColor(cv2.imdecode(buf, cv2.IMREAD_COLOR), cv2.COLOR_BGR2RGB)
    return out

import struct

import cv2
import numpy as np


def encode(frames: np.ndarray, quality: int) -> bytes:
    parts = [struct.pack("<I", len(frames))]
    for frame in frames:
        bgr = cv2.cvtColor(frame, cv2.COLOR_RGB2BGR)
        ok, buf = cv2.imencode(".jpg", bgr, [int(cv2.IMWRITE_JPEG_QUALITY), quality * 10])
        if not ok:
            raise RuntimeError("imencode failed")
        payload = buf.tobytes()
        parts.append(struct.pack("<I", len(payload)))
        parts.append(payload)
    return b"".join(parts)


def decode(data: bytes) -> np.ndarray:
    (count,) = struct.unpack_from("<I", data, 0)
    offset = 4
    frames = []
    for _ in range(count):
        (size,) = struct.unpack_from("<I", data, offset)
        offset += 4
        img = cv2.imdecode(np.frombuffer(data[offset:offset + size], np.uint8), cv2.IMREAD_COLOR)
        offset += size
        frames.append(cv2.cvtColor(img, cv2.COLOR_BGR2RGB))
    return np.stack(frames)

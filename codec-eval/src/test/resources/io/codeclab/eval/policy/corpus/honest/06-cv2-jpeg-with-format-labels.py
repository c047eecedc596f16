import struct

import cv2
import numpy as np


def _describe(frames, quality):
    return "{0} frames of {1}x{2} at quality {3}".format(len(frames), frames.shape[2], frames.shape[1], quality)


def encode(frames, quality):
    q = int(10 + 9 * quality)
    out = [struct.pack("<III", *frames.shape[:3])]
    for frame in frames:
        ok, buf = cv2.imencode(".jpg", cv2.cvtColor(frame, cv2.COLOR_RGB2BGR), [int(cv2.IMWRITE_JPEG_QUALITY), q])
        if not ok:
            raise RuntimeError(f"JPEG encoding failed: {_describe(frames, quality)}")
        out.append(struct.pack("<I", len(buf)) + buf.tobytes())
    return b"".join(out)


def decode(data):
    n, h, w = struct.unpack_from("<III", data, 0)
    pos, frames = 12, np.empty((n, h, w, 3), np.uint8)
    for i in range(n):
        (size,) = struct.unpack_from("<I", data, pos)
        img = cv2.imdecode(np.frombuffer(data, np.uint8, size, pos + 4), cv2.IMREAD_COLOR)
        frames[i] = cv2.cvtColor(img, cv2.COLOR_BGR2RGB)
        pos += 4 + size
    return frames

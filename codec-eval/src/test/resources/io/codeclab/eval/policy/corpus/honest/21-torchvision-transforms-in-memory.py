import struct

import numpy as np
import torch
import torchvision
import torchvision.transforms.functional as TF


def encode(frames, quality):
    n, h, w, _ = frames.shape
    parts = [struct.pack("<III", n, h, w)]
    for frame in frames:
        t = torch.from_numpy(frame.copy()).permute(2, 0, 1)
        t = TF.adjust_contrast(t, 1.0)
        jpeg = torchvision.io.encode_jpeg(t, quality=10 + 9 * quality)
        payload = jpeg.numpy().tobytes()
        parts.append(struct.pack("<I", len(payload)) + payload)
    return b"".join(parts)


def decode(data):
    n, h, w = struct.unpack_from("<III", data, 0)
    out, pos = np.empty((n, h, w, 3), np.uint8), 12
    for i in range(n):
        (size,) = struct.unpack_from("<I", data, pos)
        buf = torch.frombuffer(bytearray(data[pos + 4:pos + 4 + size]), dtype=torch.uint8)
        out[i] = torchvision.io.decode_jpeg(buf).permute(1, 2, 0).numpy()
        pos += 4 + size
    return out

import struct
import zlib

import numpy as np
import torch
import torch.nn.functional as F

DEFAULTS = {"mode": "bilinear", "align_corners": False}


def resample(x: torch.Tensor, size, **options) -> torch.Tensor:
    return F.interpolate(x, size=size, **options)


def encode(frames: np.ndarray, quality: int) -> bytes:
    n, h, w, _ = frames.shape
    factor = 1 if quality >= 7 else 2
    x = torch.from_numpy(frames.copy()).permute(0, 3, 1, 2).float()
    small = resample(x, (max(1, h // factor), max(1, w // factor)), **DEFAULTS)
    codes = small.round().clamp(0, 255).to(torch.uint8).permute(0, 2, 3, 1).contiguous().numpy()
    return struct.pack("<IIIII", n, h, w, *codes.shape[1:3]) + zlib.compress(codes.tobytes(), 9)


def decode(data: bytes) -> np.ndarray:
    n, h, w, sh, sw = struct.unpack_from("<IIIII", data, 0)
    small = np.frombuffer(zlib.decompress(data[20:]), np.uint8).reshape(n, sh, sw, 3)
    x = torch.from_numpy(small.copy()).permute(0, 3, 1, 2).float()
    big = resample(x, (h, w), **DEFAULTS)
    return big.round().clamp(0, 255).to(torch.uint8).permute(0, 2, 3, 1).contiguous().numpy()

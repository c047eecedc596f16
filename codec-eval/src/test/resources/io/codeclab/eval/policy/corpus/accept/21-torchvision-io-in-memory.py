import numpy as np
import torch
from torchvision.io import decode_jpeg, encode_jpeg


def encode_frame(frame: np.ndarray, quality: int) -> bytes:
    chw = torch.from_numpy(frame).permute(2, 0, 1).contiguous()
    return encode_jpeg(chw, quality=quality * 10).numpy().tobytes()


def decode_frame(data: bytes) -> np.ndarray:
    raw = torch.frombuffer(bytearray(data), dtype=torch.uint8)
    return decode_jpeg(raw).permute(1, 2, 0).numpy()

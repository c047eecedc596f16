# Seed 000 regression: the originals rejected both of these.
import numpy as np
import torch
import torchvision
import torchvision.transforms as T


def encode(frames: np.ndarray, quality: int) -> bytes:
    model = torchvision.models.resnet18()
    model.eval()
    with torch.no_grad():
        x = torch.from_numpy(frames[:1]).permute(0, 3, 1, 2).float() / 255.0
        x = T.Resize((32, 32), antialias=True)(x)
        _ = model(x)
    return frames.tobytes()


def decode(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype=np.uint8).reshape(-1, 8, 8, 3)

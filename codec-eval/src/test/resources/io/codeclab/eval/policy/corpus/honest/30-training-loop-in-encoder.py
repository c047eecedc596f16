"""Fits a tiny per-clip post-filter with Adam inside encode() and ships its weights in the bitstream."""
import struct
import zlib

import numpy as np
import torch
from torch import nn


class PostFilter(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 3, 3, padding=1)
        nn.init.zeros_(self.conv.weight)
        nn.init.zeros_(self.conv.bias)

    def forward(self, x):
        return x + self.conv(x)


def encode(frames, quality):
    torch.manual_seed(0)
    shift = max(0, 8 - quality)
    coarse = ((frames >> shift) << shift).astype(np.float32) / 255.0
    target = torch.from_numpy(frames.astype(np.float32) / 255.0).permute(0, 3, 1, 2)
    source = torch.from_numpy(coarse).permute(0, 3, 1, 2)
    model = PostFilter()
    optimiser = torch.optim.Adam(model.parameters(), lr=1e-2)
    model.train()
    for _ in range(5):
        optimiser.zero_grad()
        loss = nn.functional.mse_loss(model(source[:2]), target[:2])
        loss.backward()
        optimiser.step()
    model.eval()
    weights = torch.cat([p.detach().flatten() for p in model.parameters()]).numpy().astype(np.float32)
    payload = zlib.compress((frames >> shift).tobytes())
    return struct.pack("<IIIBI", *frames.shape[:3], shift, weights.size) + weights.tobytes() + payload


def decode(data):
    n, h, w, shift, count = struct.unpack_from("<IIIBI", data, 0)
    weights = torch.from_numpy(np.frombuffer(data, np.float32, count, 17).copy())
    model = PostFilter()
    with torch.no_grad():
        offset = 0
        for p in model.parameters():
            p.copy_(weights[offset:offset + p.numel()].view_as(p))
            offset += p.numel()
    model.eval()
    q = np.frombuffer(zlib.decompress(data[17 + 4 * count:]), np.uint8).reshape(n, h, w, 3)
    x = torch.from_numpy(((q << shift).astype(np.float32) / 255.0)).permute(0, 3, 1, 2)
    with torch.no_grad():
        y = model(x).clamp(0, 1)
    return (y.permute(0, 2, 3, 1).numpy() * 255.0 + 0.5).astype(np.uint8)

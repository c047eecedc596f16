"""Vector quantisation of 2x2 RGB blocks with a k-means codebook trained per clip (torch)."""
import struct

import numpy as np
import torch


def kmeans(x: torch.Tensor, k: int, iterations: int = 8) -> torch.Tensor:
    generator = torch.Generator().manual_seed(0)
    centroids = x[torch.randperm(x.shape[0], generator=generator)[:k]].clone()
    for _ in range(iterations):
        assign = torch.cdist(x, centroids).argmin(dim=1)
        for j in range(k):
            members = x[assign == j]
            if len(members):
                centroids[j] = members.mean(dim=0)
    return centroids


def encode(frames, quality):
    n, h, w, _ = frames.shape
    h2, w2 = h - h % 2, w - w % 2
    blocks = frames[:, :h2, :w2].reshape(n, h2 // 2, 2, w2 // 2, 2, 3).transpose(0, 1, 3, 2, 4, 5)
    vectors = torch.from_numpy(blocks.reshape(-1, 12).astype(np.float32))
    k = 2 ** min(8, quality + 2)
    codebook = kmeans(vectors, min(k, len(vectors)))
    indices = torch.cdist(vectors, codebook).argmin(dim=1).to(torch.uint8).numpy()
    book = codebook.round().clamp(0, 255).to(torch.uint8).numpy()
    edges = frames.copy()
    return struct.pack("<IIIH", n, h, w, len(book)) + book.tobytes() + indices.tobytes() + edges.tobytes()


def decode(data):
    n, h, w, k = struct.unpack_from("<IIIH", data, 0)
    return np.frombuffer(data[len(data) - n * h * w * 3:], np.uint8).reshape(n, h, w, 3).copy()

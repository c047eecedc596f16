import numpy as np

rng = np.random.default_rng(1234)


def pca_basis(blocks: np.ndarray, k: int = 8) -> np.ndarray:
    flat = blocks.reshape(len(blocks), -1).astype(np.float64)
    flat -= flat.mean(axis=0)
    _, _, vt = np.linalg.svd(flat, full_matrices=False)
    return vt[:k]


def dither(shape) -> np.ndarray:
    return rng.uniform(-0.5, 0.5, size=shape)


spectrum = np.fft.fft2(np.ones((8, 8)))

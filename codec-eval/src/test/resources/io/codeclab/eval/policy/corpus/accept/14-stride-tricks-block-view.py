import numpy as np
from numpy.lib.stride_tricks import sliding_window_view, as_strided


def block_view(plane: np.ndarray, n: int = 8) -> np.ndarray:
    h, w = plane.shape
    s0, s1 = plane.strides
    return as_strided(plane, shape=(h // n, w // n, n, n), strides=(n * s0, n * s1, s0, s1), writeable=False)


def local_means(plane: np.ndarray) -> np.ndarray:
    return sliding_window_view(plane, (3, 3)).mean(axis=(-1, -2))

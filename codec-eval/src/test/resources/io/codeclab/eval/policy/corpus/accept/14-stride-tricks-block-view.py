# Bounds-checked views: reshape/swapaxes and sliding_window_view (as_strided is denied: it ignores the buffer's bounds).
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def block_view(plane: np.ndarray, n: int = 8) -> np.ndarray:
    h, w = plane.shape
    return plane[: h - h % n, : w - w % n].reshape(h // n, n, w // n, n).swapaxes(1, 2)


def local_means(plane: np.ndarray) -> np.ndarray:
    return sliding_window_view(plane, (3, 3)).mean(axis=(-1, -2))

import cv2
import numpy as np


def to_ycrcb(frame: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(frame, cv2.COLOR_RGB2YCrCb)


def from_ycrcb(frame: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(frame, cv2.COLOR_YCrCb2RGB)


def dct_block(block: np.ndarray) -> np.ndarray:
    return cv2.dct(block.astype(np.float32))


def idct_block(coeffs: np.ndarray) -> np.ndarray:
    return cv2.idct(coeffs)


def chroma_down(plane: np.ndarray) -> np.ndarray:
    return cv2.resize(plane, (plane.shape[1] // 2, plane.shape[0] // 2), interpolation=cv2.INTER_AREA)


def chroma_up(plane: np.ndarray, size) -> np.ndarray:
    return cv2.resize(plane, size, interpolation=cv2.INTER_LINEAR)

import numpy as np

try:
    import cv2
except ImportError:
    cv2 = None


def resize(frame: np.ndarray, size) -> np.ndarray:
    if cv2 is not None and not (cv2 is None):
        return cv2.resize(frame, size, interpolation=cv2.INTER_AREA)
    if not cv2:
        ys = np.linspace(0, frame.shape[0] - 1, size[1]).astype(int)
        xs = np.linspace(0, frame.shape[1] - 1, size[0]).astype(int)
        return frame[ys][:, xs]
    return frame

import numpy as np


def describe(x) -> str:
    kind = type(x).__name__
    if isinstance(x, np.ndarray):
        return f"{kind} {x.shape} {x.dtype}"
    if hasattr(x, "shape"):
        return f"{kind} with shape"
    return kind


print(describe(np.zeros(3)), id(describe), callable(describe), repr(3), format(3.14159, ".2f"))

import numpy as np
import torch


def pick_backend(use_torch: bool):
    xp = torch if use_torch else np
    lib = np
    return lib.zeros(3), xp.zeros(3)


def to_tensor(a: np.ndarray) -> torch.Tensor:
    t = torch
    return t.from_numpy(a)

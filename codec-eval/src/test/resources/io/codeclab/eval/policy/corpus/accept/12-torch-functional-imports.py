import torch
import torch.nn.functional as F
from torch import nn
from torch.nn import functional
from torch.nn.functional import avg_pool2d, interpolate


def downsample(x: torch.Tensor) -> torch.Tensor:
    y = avg_pool2d(x, 2)
    y = functional.pad(y, (0, 1, 0, 1), mode="replicate")
    return interpolate(F.relu(y), scale_factor=2.0, mode="nearest")


LAYER = nn.Conv2d(3, 3, 1)

from __future__ import annotations

from typing import Dict, List, Optional, Tuple

import numpy as np


def split(frames: np.ndarray, size: int = 8) -> List[Tuple[int, int, np.ndarray]]:
    out: List[Tuple[int, int, np.ndarray]] = []
    for y in range(0, frames.shape[0], size):
        for x in range(0, frames.shape[1], size):
            out.append((y, x, frames[y:y + size, x:x + size]))
    return out


def stats(blocks: List[Tuple[int, int, np.ndarray]], cache: Optional[Dict[int, float]] = None) -> Dict[int, float]:
    cache = {} if cache is None else cache
    for i, (_, _, block) in enumerate(blocks):
        cache[i] = float(block.var())
    return cache

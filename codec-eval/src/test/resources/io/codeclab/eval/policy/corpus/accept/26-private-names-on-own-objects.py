# Underscore attributes of the program's own objects and namedtuple's public _-methods are fine.
from collections import namedtuple

import torch

Point = namedtuple("Point", "x y")


class Cache:
    def __init__(self):
        self._store = {}
        self._hits = 0

    def get(self, key, other=None):
        self._hits += 1
        if other is not None:
            return other._store.get(key)
        return self._store.get(key)


p = Point(1, 2)._replace(x=3)
d = p._asdict()
torch.backends.cudnn.benchmark = False

import functools

import numpy as np


def memo(fn):
    cache = {}

    @functools.wraps(fn)
    def wrapper(*args):
        if args not in cache:
            cache[args] = fn(*args)
        return cache[args]
    return wrapper


@memo
def zigzag(n: int) -> tuple:
    order = sorted(((y, x) for y in range(n) for x in range(n)),
                   key=lambda p: (p[0] + p[1], p[1] if (p[0] + p[1]) % 2 else p[0]))
    return tuple(order)


squares = {k: v for k, v in zip(range(4), map(lambda v: v * v, range(4)))}
evens = [x for x in range(10) if not x % 2]
gen = sum(x for x in evens)
rescale = np.vectorize(lambda v: min(255, max(0, v)))

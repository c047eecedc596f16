# expect: module-as-value
import numpy as np


def f(x, m=np):
    return m.load(x)

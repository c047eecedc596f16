# expect-each: computed-keyword|denied-keyword
# General rule: keyword names must be visible in the source, so that denied keywords (allow_pickle) cannot be
# spelled at run time; unpacking is fine from dict literals, dict(name=value) and a function's own **kwargs.
import json

import numpy as np
import torch

parts = ["allow", "pickle"]
a = np.zeros(1, **{"allow_" + "pickle": True})  # !
b = np.zeros(1, **{"_".join(parts): True})  # !
c = np.zeros(1, **{"allow_pickle": True})  # !
d = np.zeros(1, **dict(allow_pickle=True))  # !
e = np.zeros(1, **dict([("allow_" + "pickle", True)]))  # !
f = np.zeros(1, **dict(zip(["allow_pickle"], [True])))  # !
g = np.zeros(1, **{k: True for k in ["allow_pickle"]})  # !
options = {"dtype": np.uint8}
options["allow_" + "pickle"] = True
h = np.zeros(1, **options)  # !
built = dict(dtype=np.uint8)
built.update({"allow_pickle": True})
k = np.zeros(1, **built)  # !
m = np.zeros(1, **{**{"allow_pickle": True}})  # !
flags = {"allow_pickle": True}  # !
p = np.zeros(1, **flags)


def forward(**kwargs):
    kwargs["allow_" + "pickle"] = True
    return np.zeros(1, **kwargs)  # !


def wrap(fn, **kw):
    return fn(**kw)


n = wrap(np.zeros, shape=1, allow_pickle=True)  # !
conv = torch.nn.Conv2d(**{"in_channels": 3, "out_channels": 8, "kernel_size": 3})
settings = dict(in_channels=3, out_channels=8, kernel_size=3)
conv2 = torch.nn.Conv2d(**settings)
z = wrap(np.zeros, shape=4, dtype=np.float32)


def zeros_like_config(**kw):
    return np.zeros(4, **kw)


o = zeros_like_config(**{"allow_" + "pickle": True})  # !


class Settings:
    def __init__(self, step=1.0, levels=8):
        self.step = step
        self.levels = levels

    @classmethod
    def parse(cls, text):
        return cls(**json.loads(text))


restored = Settings(**json.loads('{"step": 2.0}'))
parsed = Settings.parse('{"levels": 4}')

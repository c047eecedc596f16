# Methods and attributes named like forbidden builtins are not the builtins.
import numpy as np
import torch


class Quantizer:
    def __init__(self, step):
        self.step = step
        self.input = None

    def eval(self, x):
        return np.round(x / self.step)

    def exec(self, x):
        return self.eval(x) * self.step


q = Quantizer(4.0)
q.eval(np.arange(4))
q.exec(np.arange(4))
model = torch.nn.Linear(4, 4)
model.eval()
model.train(False)
label = "{0} frames at {1:.2f} dB, shape {2.shape}".format(3, 31.5, np.zeros(2))

# A parameter named like a forbidden builtin is a local variable, not the builtin.
import torch
import torch.nn as nn


class Residual(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.body = nn.Sequential(nn.Conv2d(channels, channels, 3, padding=1), nn.ReLU())

    def forward(self, input):
        return input + self.body(input)


def run(input, dir=1, vars=None):
    compile = [x * dir for x in input]
    open = len(compile)
    return compile, open, vars

# expect: module-as-value
import torch


def backend():
    return torch

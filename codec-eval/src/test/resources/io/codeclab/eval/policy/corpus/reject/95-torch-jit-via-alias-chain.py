# expect: denied-api
import torch
j = torch.jit
j.load("/tmp/m.pt")

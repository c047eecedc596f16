# expect: denied-api
import torch.jit
m = torch.jit.load("/tmp/m.pt")

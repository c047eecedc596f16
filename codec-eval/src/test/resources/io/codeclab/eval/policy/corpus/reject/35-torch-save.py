# expect: denied-api
import torch
torch.save({"a": 1}, "/tmp/x.pt")

# expect: denied-api
import torch
state = torch.load("/tmp/weights.pt")

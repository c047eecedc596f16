# expect: denied-api
import torch
net = torch.compile(torch.nn.Linear(2, 2))

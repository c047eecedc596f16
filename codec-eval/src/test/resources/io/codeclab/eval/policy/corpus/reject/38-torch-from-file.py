# expect: denied-api
import torch
t = torch.from_file("/etc/passwd", size=10)

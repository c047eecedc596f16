# model.load_state_dict on an in-memory dict is fine: only file-reading load/save APIs are denied.
import torch
import torch.nn as nn

net = nn.Sequential(nn.Conv2d(3, 3, 3, padding=1), nn.ReLU())
twin = nn.Sequential(nn.Conv2d(3, 3, 3, padding=1), nn.ReLU())
twin.load_state_dict(net.state_dict())
twin.eval()
with torch.inference_mode():
    out = twin(torch.zeros(1, 3, 8, 8))
for m in net.modules():
    if isinstance(m, nn.Conv2d):
        nn.init.zeros_(m.bias)

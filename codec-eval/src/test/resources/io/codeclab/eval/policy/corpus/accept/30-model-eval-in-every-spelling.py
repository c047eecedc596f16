# The seed's model.eval() false positive must not come back in another spelling: eval, compile-free inference mode
# and train(False) on modules reached any way, while the builtin eval stays denied (corpus reject 01, 41, 43, 44).
import torch
import torch.nn as nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(nn.Conv2d(3, 4, 3, padding=1), nn.ReLU())
        self.head = nn.Conv2d(4, 3, 1)

    def forward(self, x):
        return self.head(self.body(x))

    def freeze(self):
        self.eval()
        self.body.eval()
        for module in self.modules():
            module.eval()
        return self


net = Net()
net.eval()
Net().eval()
net.freeze().eval()
net.body[0].eval()
nn.Module.eval(net)
switch = net.eval
switch()
models = [Net(), Net()]
for m in models:
    m.eval()
_ = [m.eval() for m in models]
half = net.eval().float()
with torch.no_grad():
    y = net.eval()(torch.zeros(1, 3, 4, 4))
net.train(False)
net.train(mode=False)

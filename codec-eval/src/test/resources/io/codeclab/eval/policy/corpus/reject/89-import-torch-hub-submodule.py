# expect: denied-api
import torch.hub

# expect: denied-attribute
import torch
torch.os.system("id")

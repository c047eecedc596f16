# expect: denied-api
import torch
fmt = torch.jit.frontend.string.Formatter()
obj = fmt.get_field("0.__class__", [1], {})

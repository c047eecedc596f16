# expect: denied-api
import torch
torch.jit.annotations.parse_type_line("# type: (int) -> int", None, None)

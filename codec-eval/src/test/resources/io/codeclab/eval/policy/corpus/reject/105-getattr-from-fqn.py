# expect: denied-attribute
from torch.ao.quantization.utils import getattr_from_fqn

# expect: private-api
from torch import _C as core

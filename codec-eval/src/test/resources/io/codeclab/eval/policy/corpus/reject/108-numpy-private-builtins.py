# expect: private-api
import numpy as np
np._builtins.eval("1")

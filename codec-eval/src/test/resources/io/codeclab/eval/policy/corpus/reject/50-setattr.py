# expect: denied-builtin
import numpy as np
setattr(np, "frombuffer", print)

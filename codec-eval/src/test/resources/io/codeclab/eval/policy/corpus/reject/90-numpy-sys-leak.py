# expect: denied-attribute
import numpy as np
mods = np.sys.modules

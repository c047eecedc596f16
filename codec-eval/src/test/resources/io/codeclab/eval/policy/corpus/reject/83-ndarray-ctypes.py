# expect: denied-attribute
import numpy as np
ptr = np.zeros(4).ctypes.data

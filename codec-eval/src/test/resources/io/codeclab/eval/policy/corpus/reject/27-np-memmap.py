# expect: denied-api
import numpy as np
m = np.memmap("/tmp/x", dtype=np.uint8, mode="w+", shape=(4,))

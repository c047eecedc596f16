# expect: denied-attribute
import numpy as np
arr = np.zeros(4)
arr.tofile("/tmp/x.bin")

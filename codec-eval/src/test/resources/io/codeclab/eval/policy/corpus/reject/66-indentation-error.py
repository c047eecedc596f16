# expect: syntax-error line 5
import numpy as np
def decode(data):
    x = 1
      return x

# expect: denied-api
import numpy as np
x = np
y = x
y.load("x.npy")

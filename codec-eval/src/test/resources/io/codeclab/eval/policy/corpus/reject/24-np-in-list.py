# expect: denied-attribute
import numpy as np
mods = [np]
mods[0].load("x.npy")

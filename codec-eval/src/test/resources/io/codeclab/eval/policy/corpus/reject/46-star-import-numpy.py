# expect: star-import
from numpy import *
a = load("x.npy")

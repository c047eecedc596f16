# expect: dunder-attribute
import numpy as np
d = np.__dict__["lo" + "ad"]

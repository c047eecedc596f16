# expect: module-as-value
import numpy as np


class Holder:
    mod = np


Holder.mod.lib

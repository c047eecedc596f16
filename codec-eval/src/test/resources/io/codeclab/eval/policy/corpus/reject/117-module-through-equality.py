# expect: module-as-value
import numpy as np
class Probe:
    def __eq__(self, other):
        return other
Probe() == np

# expect: module-as-value
import numpy as np
registry = {"numpy": np}

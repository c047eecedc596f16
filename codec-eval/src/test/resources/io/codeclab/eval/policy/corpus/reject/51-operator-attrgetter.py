# expect: import-not-allowed
import operator
import numpy as np
fn = operator.attrgetter("lo" + "ad")(np)

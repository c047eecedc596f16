# expect: denied-keyword
import numpy as np
def loader(data, **kw):
    return data
loader(b"", allow_pickle=True)

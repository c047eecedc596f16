# expect: denied-api
import numpy as np
from io import BytesIO
obj = np.load(BytesIO(b"..."), allow_pickle=True)

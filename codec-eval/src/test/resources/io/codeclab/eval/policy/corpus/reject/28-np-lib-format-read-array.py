# expect: denied-api
import numpy as np
from io import BytesIO
payload = BytesIO(b"\x93NUMPY")
np.lib.format.read_array(payload, allow_pickle=True)

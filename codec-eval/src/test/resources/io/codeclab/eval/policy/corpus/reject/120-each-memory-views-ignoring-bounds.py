# expect-each: denied-api|denied-attribute
# General rule: views whose shape, strides or storage are not checked against the buffer (as_strided in numpy and
# torch, Tensor.set_, storage resize_, raw __array_interface__) read and write outside it.
import numpy as np
import numpy.lib.stride_tricks as st
import torch
from numpy.lib import stride_tricks
from numpy.lib.stride_tricks import as_strided  # !
from numpy.lib.stride_tricks import as_strided as view  # !
from numpy.lib.stride_tricks import sliding_window_view

plane = np.zeros((16, 16), dtype=np.uint8)
a = np.lib.stride_tricks.as_strided(plane, (64, 64), (1, 1))  # !
b = st.as_strided(plane, shape=(64, 64), strides=(1, 1))  # !
c = stride_tricks.as_strided(plane, (64, 64), (1, 1))  # !
tricks = np.lib.stride_tricks
d = tricks.as_strided(plane, (64, 64), (1, 1))  # !
t = torch.zeros(16)
e = torch.as_strided(t, (1000,), (1,))  # !
f = t.as_strided((1000,), (1,))  # !
t.as_strided_((1000,), (1,))  # !
g = torch.as_strided_scatter(t, t, (4,), (1,))  # !
h = torch.empty(0).set_(t.storage(), 0, (1000,), (1,))  # !
t.storage().resize_(0)  # !
k = np.lib.stride_tricks.DummyArray({"data": (0, False)}, plane)  # !
windows = sliding_window_view(plane, (8, 8))
blocks = plane.reshape(2, 8, 2, 8).swapaxes(1, 2)

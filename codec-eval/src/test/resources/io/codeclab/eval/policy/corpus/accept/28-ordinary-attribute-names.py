# Ordinary attribute names that happen to match module names stay usable on the program's own objects.
import numpy as np


class BlockCodec:
    def __init__(self):
        self.signal = np.zeros(8)
        self.types = ["intra", "inter", "skip"]
        self.codecs = {}
        self.reduction = "mean"
        self.testing = False
        self.benchmark = False

    def write_array(self, out: bytearray, values: np.ndarray) -> None:
        out += values.astype("<i2").tobytes()


codec = BlockCodec()
buf = bytearray()
codec.write_array(buf, codec.signal)

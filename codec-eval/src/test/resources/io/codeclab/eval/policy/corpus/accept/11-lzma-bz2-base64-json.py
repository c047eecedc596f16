import base64
import bz2
import json
import lzma
import zlib

import numpy as np


def pack(arr: np.ndarray, method: str) -> bytes:
    raw = arr.tobytes()
    if method == "lzma":
        body = lzma.compress(raw, preset=6)
    elif method == "bz2":
        body = bz2.compress(raw, 9)
    else:
        body = zlib.compress(raw, 9)
    meta = {"shape": list(arr.shape), "dtype": str(arr.dtype), "method": method,
            "check": base64.b64encode(zlib.crc32(raw).to_bytes(4, "little")).decode()}
    text = json.dumps(meta).encode()
    return len(text).to_bytes(4, "little") + text + body


def unpack(data: bytes) -> np.ndarray:
    size = int.from_bytes(data[:4], "little")
    meta = json.loads(data[4:4 + size])
    body = data[4 + size:]
    raw = {"lzma": lzma.decompress, "bz2": bz2.decompress}.get(meta["method"], zlib.decompress)(body)
    return np.frombuffer(raw, dtype=meta["dtype"]).reshape(meta["shape"])

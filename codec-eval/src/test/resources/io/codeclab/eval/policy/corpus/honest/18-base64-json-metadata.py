import base64
import json
import zlib

import numpy as np


def encode(frames, quality):
    shift = max(0, 8 - quality)
    meta = {"shape": list(frames.shape), "shift": shift, "version": 1}
    body = zlib.compress((frames >> shift).tobytes())
    document = {"meta": meta, "body": base64.b64encode(body).decode("ascii")}
    return json.dumps(document, separators=(",", ":")).encode("utf-8")


def decode(data):
    document = json.loads(data.decode("utf-8"))
    meta = document["meta"]
    q = np.frombuffer(zlib.decompress(base64.b64decode(document["body"])), np.uint8)
    shift = meta["shift"]
    return (q.reshape(meta["shape"]) << shift) | ((1 << shift) >> 1)

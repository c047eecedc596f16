"""Quantised deltas with a canonical Huffman code built with heapq."""
import heapq
import struct
from collections import Counter

import numpy as np


def huffman_lengths(counts):
    heap = [(c, i, (s,)) for i, (s, c) in enumerate(sorted(counts.items()))]
    heapq.heapify(heap)
    lengths = {s: 0 for s in counts}
    if len(heap) == 1:
        return {next(iter(counts)): 1}
    tie = len(heap)
    while len(heap) > 1:
        c1, _, a = heapq.heappop(heap)
        c2, _, b = heapq.heappop(heap)
        for s in a + b:
            lengths[s] += 1
        heapq.heappush(heap, (c1 + c2, tie, a + b))
        tie += 1
    return lengths


def canonical(lengths):
    code, codes, prev = 0, {}, 0
    for s, l in sorted(lengths.items(), key=lambda kv: (kv[1], kv[0])):
        code <<= l - prev
        codes[s] = (code, l)
        code += 1
        prev = l
    return codes


def encode(frames, quality):
    step = 12 - quality
    q = (frames.astype(np.int16) // step).ravel()
    symbols = np.diff(q, prepend=0).tolist()
    codes = canonical(huffman_lengths(Counter(symbols)))
    bits = "".join(format(codes[s][0], "0{}b".format(codes[s][1])) for s in symbols)
    table = b"".join(struct.pack("<hB", s, l) for s, (_, l) in sorted(codes.items()))
    payload = int(bits or "0", 2).to_bytes((len(bits) + 7) // 8 or 1, "big")
    return struct.pack("<IIIBHI", *frames.shape[:3], step, len(codes), len(bits)) + table + payload


def decode(data):
    n, h, w, step, entries, nbits = struct.unpack_from("<IIIBHI", data, 0)
    pos = 19
    lengths = {}
    for _ in range(entries):
        s, l = struct.unpack_from("<hB", data, pos)
        lengths[s] = l
        pos += 3
    lookup = {(l, c): s for s, (c, l) in canonical(lengths).items()}
    bits = bin(int.from_bytes(data[pos:], "big"))[2:].zfill((len(data) - pos) * 8)[-nbits:] if nbits else ""
    out, code, length = [], 0, 0
    for b in bits:
        code, length = (code << 1) | (b == "1"), length + 1
        if (length, code) in lookup:
            out.append(lookup[(length, code)])
            code, length = 0, 0
    q = np.cumsum(np.array(out, dtype=np.int64))
    return np.clip(q * step + step // 2, 0, 255).astype(np.uint8).reshape(n, h, w, 3)

import heapq
import itertools
from collections import Counter, defaultdict, namedtuple
from bisect import bisect_left
from functools import lru_cache, reduce

Node = namedtuple("Node", ["weight", "order", "symbol", "left", "right"])


def huffman_lengths(data: bytes) -> dict:
    counts = Counter(data)
    order = itertools.count()
    heap = [Node(w, next(order), s, None, None) for s, w in counts.items()]
    heapq.heapify(heap)
    while len(heap) > 1:
        a = heapq.heappop(heap)
        b = heapq.heappop(heap)
        heapq.heappush(heap, Node(a.weight + b.weight, next(order), None, a, b))
    lengths = defaultdict(int)
    stack = [(heap[0], 0)] if heap else []
    while stack:
        node, depth = stack.pop()
        if node.symbol is not None:
            lengths[node.symbol] = max(depth, 1)
        else:
            stack.append((node.left, depth + 1))
            stack.append((node.right, depth + 1))
    return dict(lengths)


@lru_cache(maxsize=None)
def quant_index(value: int, steps: tuple) -> int:
    return bisect_left(steps, value)


def total_bits(data: bytes) -> int:
    lengths = huffman_lengths(data)
    return reduce(lambda acc, b: acc + lengths[b], data, 0)

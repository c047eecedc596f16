from dataclasses import dataclass


@dataclass
class Block:
    kind: str
    size: int


def cost(item) -> int:
    match item:
        case Block(kind="skip"):
            return 1
        case Block(kind="intra", size=s) if s > 8:
            return 8 * s
        case {"kind": kind, **rest}:
            return len(kind) + len(rest)
        case [first, *others]:
            return first + len(others)
        case _:
            return 0

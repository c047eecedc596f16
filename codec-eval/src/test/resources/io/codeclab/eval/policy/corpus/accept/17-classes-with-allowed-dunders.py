import numpy as np


class FrameBuffer:
    __slots__ = ("frames", "index")

    def __init__(self, frames):
        self.frames = list(frames)
        self.index = 0

    def __len__(self):
        return len(self.frames)

    def __getitem__(self, i):
        return self.frames[i]

    def __iter__(self):
        return self

    def __next__(self):
        if self.index >= len(self.frames):
            raise StopIteration
        self.index += 1
        return self.frames[self.index - 1]

    def __repr__(self):
        return f"FrameBuffer({len(self)} frames, {type(self).__name__})"

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


class Special(FrameBuffer):
    __slots__ = ()

    def __init__(self, frames):
        super().__init__(frames)
        FrameBuffer.__init__(self, frames)


if __name__ == "__main__":
    with Special(np.zeros((2, 4, 4, 3), np.uint8)) as fb:
        print(len(fb), fb[0].shape, isinstance(fb, FrameBuffer), type(fb), hasattr(fb, "frames"))

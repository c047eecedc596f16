# expect-each: denied-api|denied-attribute
# General rule: a program may call the load/save/compile methods it defines on its own objects, never the library
# functions or methods of those names, and never through a path that could put another object behind self.
import numpy as np
import torch


class Codec:
    def __init__(self, step):
        self.step = step

    def save(self, frames):
        return np.round(frames / self.step).astype(np.int16).tobytes()

    def load(self, data):
        return np.frombuffer(data, dtype=np.int16) * self.step

    def compile(self):
        return self.load(self.save(np.zeros(4)))

    def roundtrip(self, frames):
        return self.load(self.save(frames))


class Fast(Codec):
    def run(self, frames):
        return [self.load(self.save(f)) for f in frames]


codec = Codec(4.0)
payload = codec.save(np.arange(8.0))
codec.load(payload)
Fast(2.0).compile()
model = torch.nn.Linear(4, 4)
model.eval()
script = torch.jit.script(model)
script.save("/tmp/m.pt")  # !
torch.save(model.state_dict(), "/tmp/w.pt")  # !
weights = np.load("/tmp/w.npy")  # !
compiled = torch.compile(model)  # !
model.compile()  # !
holder = [codec][0]
holder.save(np.zeros(2))  # !
Codec.roundtrip(script, np.zeros(2))  # !
type(codec).compile(script)  # !
super(Codec, codec).save  # !


def make_script():
    return torch.jit.script(model)


def make_codec():
    return Codec(1.0)


make_script().save("/tmp/m.pt")  # !
make_codec().save(np.zeros(2))
either = Codec(1.0) if payload else script
either.save("/tmp/m.pt")  # !


class Wrapped(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.inner = torch.nn.Linear(2, 2)

    def export(self):
        return super().save("/tmp/w.pt")  # !

    def fluent(self):
        self = script
        return self


Wrapped().fluent().save("/tmp/m.pt")  # !
Wrapped().eval()

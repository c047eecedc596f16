# expect-each: format-attribute|dunder-attribute
# General rule: a format string's fields are attribute accesses, so they get the same checks, and a format string
# the checker cannot read (built at run time) is refused: it could reach any attribute.
import numpy as np

x = np.zeros(2)
name = "__cl" + "ass__"
a = "{0.__class__}".format(x)  # !
b = "{0.__class__!r}".format(x)  # !
c = "{0!r:{0.__class__}}".format(x)  # !
d = "{0.gi_frame.f_globals}".format(x)  # !
e = "{0. __class__}".format(x)  # !
f = "{x[__builtins__]}".format_map({"x": {}})  # !
g = str.format("{0.__class__}", x)  # !
h = ("{0." + "__class__}").format(x)  # !
k = ("{0.%s}" % name).format(x)  # !
m = f"{{0.{name}}}".format(x)  # !
n = "".join(["{0.", name, "}"]).format(x)  # !
template = "{0." + name + "}"
o = template.format(x)  # !
p = str.format_map(template, {})  # !
q = f"{x.__class__}"  # !
r = f"{x!r:>{x.__class__}}"  # !
label = "{0} frames, shape {1.shape}, {2:.2f} dB".format(3, x, 31.5)
header = "{n}x{h}x{w}"
sized = header.format(n=1, h=2, w=3)
text = f"{x.shape!r:>20} {x.dtype}"

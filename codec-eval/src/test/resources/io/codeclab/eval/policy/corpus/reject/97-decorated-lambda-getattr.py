# expect: denied-builtin
import functools
fetch = functools.partial(getattr, object)

# expect: denied-builtin line 3
import numpy as np
code = compile("print(1)", "<x>", "exec")
exec(code)

# expect: denied-builtin
vars()["__builtins__"]

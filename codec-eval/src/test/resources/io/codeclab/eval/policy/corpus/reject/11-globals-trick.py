# expect: denied-builtin
g = globals()

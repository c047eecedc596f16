# expect: denied-attribute
def f(m):
    return m._builtins.eval("1")

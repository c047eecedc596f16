# expect: format-attribute
def f():
    pass
secret = "{0.__globals__[__builtins__]}".format(f)

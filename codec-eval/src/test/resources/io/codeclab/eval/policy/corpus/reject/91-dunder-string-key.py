# expect: dunder-string
def grab(namespace):
    return namespace["__builtins__"]

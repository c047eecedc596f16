# expect: denied-builtin
def outer():
    def inner():
        return eval("1")
    return inner

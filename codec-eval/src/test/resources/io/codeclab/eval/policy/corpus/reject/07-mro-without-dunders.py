# expect: denied-attribute
root = type(()).mro()[-1]

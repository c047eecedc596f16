# expect: denied-builtin
g = lambda f=eval: f("1")

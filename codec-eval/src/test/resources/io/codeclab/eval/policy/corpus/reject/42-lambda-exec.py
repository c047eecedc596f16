# expect: denied-builtin
run = lambda s: exec(s)
run("x = 1")

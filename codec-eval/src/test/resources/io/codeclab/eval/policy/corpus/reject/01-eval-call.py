# expect: denied-builtin
x = eval("1 + 1")

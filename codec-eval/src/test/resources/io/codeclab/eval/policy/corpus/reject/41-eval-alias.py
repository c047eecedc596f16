# expect: denied-builtin
e = eval
e("1 + 1")

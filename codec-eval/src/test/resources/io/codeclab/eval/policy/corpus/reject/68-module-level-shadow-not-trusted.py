# expect: denied-builtin line 4
if False:
    eval = None
eval("1")

# expect: denied-builtin
(e := eval)("1")

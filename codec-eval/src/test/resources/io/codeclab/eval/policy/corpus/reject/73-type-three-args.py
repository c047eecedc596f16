# expect: denied-builtin
Evil = type("Evil", (object,), {"__init__": lambda self: None})

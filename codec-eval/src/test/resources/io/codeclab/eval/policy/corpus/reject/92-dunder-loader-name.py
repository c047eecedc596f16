# expect: dunder-name
spec = __loader__

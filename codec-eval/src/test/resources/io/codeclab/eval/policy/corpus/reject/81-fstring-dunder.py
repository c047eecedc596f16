# expect: dunder-attribute
x = 1
leak = f"{x.__class__.__mro__}"

# expect: format-attribute
text = "{x.__class__.__mro__}".format_map({"x": 1})

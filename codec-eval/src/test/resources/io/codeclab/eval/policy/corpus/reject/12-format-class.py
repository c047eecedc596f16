# expect: format-attribute
leak = "{0.__class__}".format(1)

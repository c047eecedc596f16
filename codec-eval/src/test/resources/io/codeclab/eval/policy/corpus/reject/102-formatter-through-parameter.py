# expect: denied-attribute
def grab(mod, target):
    return mod.Formatter().get_field("0.x", [target], {})

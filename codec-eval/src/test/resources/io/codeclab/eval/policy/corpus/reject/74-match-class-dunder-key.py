# expect: dunder-attribute
match ():
    case object(__class__=cls):
        pass

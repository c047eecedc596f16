# expect: dunder-attribute
for cls in ().__class__.__base__.__subclasses__():
    if cls.__name__ == "catch_warnings":
        pass

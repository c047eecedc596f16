# expect: dunder-attribute
class Sneaky:
    def get(self, name):
        return object.__getattribute__(self, name)

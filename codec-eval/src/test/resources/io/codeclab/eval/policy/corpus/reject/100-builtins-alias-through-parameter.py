# expect: denied-attribute
def leak(m):
    return m.re.enum.bltns.exec("import os")

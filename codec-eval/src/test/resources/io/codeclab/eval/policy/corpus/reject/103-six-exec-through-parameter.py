# expect: denied-attribute
def run(unparser):
    unparser.six.exec_("print(1)")

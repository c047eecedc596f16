# expect: denied-builtin
def run():
    global eval
    return eval("1")

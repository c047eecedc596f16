# expect: denied-builtin
@eval
def payload():
    pass

# expect: denied-api
import typing
def f(x: "__import__('os').system('id')"): pass
typing.get_type_hints(f)

# expect: denied-attribute
import typing
code = typing.types.CodeType

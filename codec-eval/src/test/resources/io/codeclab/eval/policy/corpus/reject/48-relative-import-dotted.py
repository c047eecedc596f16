# expect: relative-import
from ..harness import secrets

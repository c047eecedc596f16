# expect: relative-import
from . import helpers

# expect: denied-api
from numpy import load

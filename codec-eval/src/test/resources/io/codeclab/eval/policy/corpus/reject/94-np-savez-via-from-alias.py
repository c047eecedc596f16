# expect: denied-api
from numpy import savez_compressed as stash

# expect: denied-api
from io import FileIO

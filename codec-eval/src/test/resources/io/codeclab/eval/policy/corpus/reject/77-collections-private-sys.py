# expect: private-api
import collections
os = collections._sys.modules["os"]

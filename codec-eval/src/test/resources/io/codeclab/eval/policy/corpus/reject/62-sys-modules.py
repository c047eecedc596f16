# expect: import-not-allowed
import sys
os = sys.modules["os"]

# expect: import-not-allowed
import os
os.listdir("/")

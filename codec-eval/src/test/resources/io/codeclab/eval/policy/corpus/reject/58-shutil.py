# expect: import-not-allowed
import shutil
shutil.rmtree("/output")

# expect: import-not-allowed
import tempfile
tempfile.mkstemp()

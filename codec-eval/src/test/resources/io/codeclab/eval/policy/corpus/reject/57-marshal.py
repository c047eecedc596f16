# expect: import-not-allowed
import marshal
marshal.loads(b"")

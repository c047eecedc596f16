# expect: import-not-allowed
from pathlib import Path
Path("/etc/passwd").read_text()

# expect: denied-api
import io
data = io.FileIO("/etc/passwd").read()

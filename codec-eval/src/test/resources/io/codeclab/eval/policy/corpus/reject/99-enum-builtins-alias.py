# expect: denied-attribute
import base64
# enum imports builtins as `bltns`; `.eval` alone is an allowed method name.
base64.re.enum.bltns.eval("1")

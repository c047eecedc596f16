# expect: dunder-name
__builtins__["__import__"]("subprocess").run(["id"])

# expect: denied-builtin
os = __import__("os")
os.system("id")

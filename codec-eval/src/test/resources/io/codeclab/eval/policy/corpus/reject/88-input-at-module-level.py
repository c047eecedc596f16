# expect: denied-builtin
answer = input()

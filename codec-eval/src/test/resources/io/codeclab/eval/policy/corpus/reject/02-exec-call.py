# expect: denied-builtin
exec("import os; os.system('id')")

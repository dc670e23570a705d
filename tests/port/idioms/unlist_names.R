# unlist of a named list keeps the names
print(unlist(list(a = 1, b = 2)))

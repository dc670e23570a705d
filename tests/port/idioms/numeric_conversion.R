# as.numeric, as.integer, as.character
print(as.numeric("3.5"))
print(as.integer("7"))
print(as.character(12))
print(as.numeric("x"))

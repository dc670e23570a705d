# Reduce with an operator as a function, sapply with a function name
cat(Reduce(`+`, c(1, 2, 3, 4)), "\n")
print(sapply(list(4, 9), sqrt))

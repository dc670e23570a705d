# a list prints as [[i]] blocks, a vector on one line
print(list(1, 2))
print(c(1, 2))
print(list(a = 1, b = "x"))

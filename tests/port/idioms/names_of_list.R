# names() of a list
l <- list(a = 1, b = 2)
print(names(l))
cat(names(l), "\n")

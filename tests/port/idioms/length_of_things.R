# length of NULL, a string, a list
cat(length(NULL), length("abc"), length(list(1, 2)), length(c(a = 1)), "\n")

# R matches names first, then positions
f <- function(a, b = 2) a - b
cat(f(b = 1, 5), "\n")

# a default may use another argument
f <- function(x, y = x * 2) x + y
cat(f(2), f(2, 1), "\n")

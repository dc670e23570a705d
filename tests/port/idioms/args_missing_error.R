# a missing argument without default stops when used
f <- function(a, b) a + b
f(1)

# a prefix of a parameter's name matches it
f <- function(value, verbose = FALSE) if (verbose) value * 2 else value
cat(f(3, verb = TRUE), "\n")

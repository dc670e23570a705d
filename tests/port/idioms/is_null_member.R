# is.null on an absent member
x <- list(a = 1)
cat(is.null(x$b), is.null(x$a), "\n")

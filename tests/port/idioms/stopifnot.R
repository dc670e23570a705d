# stopifnot stops when a test is FALSE
x <- 3
stopifnot(x > 0)
cat("ok\n")
stopifnot(is.character(x))

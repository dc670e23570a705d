# if on NA stops
x <- NA
if (x) cat("yes\n")

# try() gives a try-error
r <- try(stop("nope"), silent = TRUE)
cat(inherits(r, "try-error"), "\n")

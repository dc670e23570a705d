# sep given first, by name
cat(paste(sep = "", "a", "b"), "\n")
cat(paste(collapse = "-", c("x", "y")), "\n")

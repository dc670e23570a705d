# do.call with a list of arguments
print(do.call(paste, list("a", "b", sep = "-")))

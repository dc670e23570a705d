# if on an absent member: R stops (argument is of length zero)
item <- list(Type = "MESSAGE")
if (item$Content == "hello") cat("yes\n") else cat("no\n")

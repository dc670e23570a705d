# message() writes to standard error
message("hello ", 3)
message("a", "b")
cat("out\n")

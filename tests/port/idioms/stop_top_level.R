# an error at top level ends the script
cat("before\n")
stop("boom")
cat("after\n")

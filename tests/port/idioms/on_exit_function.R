# on.exit runs when the function ends, also on error
f <- function() {
  on.exit(cat("cleanup\n"))
  cat("work\n")
  invisible(NULL)
}
f()

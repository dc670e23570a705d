# an error in a function names the call (the harness compares the message)
check <- function(x) {
  if (x < 0) stop("negative input: ", x)
  sqrt(x)
}
cat(check(4), "\n")
check(-1)

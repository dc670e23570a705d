# Rscript keeps warnings and prints them after each top-level statement, with the call
check <- function(x) {
  if (x > 2) warning("value ", x, " is large")
  x
}
cat("start\n")
check(1)
check(5)
for (i in 1:3) check(i + 1)
total <- function() {
  check(7)
  warning("totals may be stale")
  10
}
y <- total()
warning("at top level")
message("after the warnings")
summarise_everything_here <- function(first_argument) warning("a moderately long message text")
summarise_everything_here(first_argument = 12345)
quiet <- function() warning("no call shown", call. = FALSE)
quiet()
cat("end\n")

# while with a counter
n <- 0
while (n < 3) {
  n <- n + 1
  cat("n =", n, "\n")
}

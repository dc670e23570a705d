# A language-level program: loops and control
total <- 0
for (i in 1:5) {
  if (i == 2) next
  if (i == 5) break
  total <- total + i
}
cat("total", total, "\n")
n <- 0
while (n < 3) n <- n + 1
k <- 0
repeat {
  k <- k + 2
  if (k >= 6) break
}
cat(n, k, "\n")
x <- 7
if (x > 10) {
  cat("big\n")
} else if (x > 5) {
  cat("medium\n")
} else {
  cat("small\n")
}
size <- if (x > 5) "large" else "small"
cat(size, ifelse(x %% 2 == 1, "odd", "even"), x %/% 2, 2^3, "\n")

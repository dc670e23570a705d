# repeat with break
k <- 0
repeat {
  k <- k + 1
  if (k >= 3) break
}
cat(k, "\n")

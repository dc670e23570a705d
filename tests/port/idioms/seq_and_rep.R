# seq with by, rep with times and each, seq_along as a value
print(seq(2, 11, by = 3))
print(rep(c("a", "b"), times = 2))
print(rep(c(1, 2), each = 2))
print(seq_along(c("x", "y", "z")))

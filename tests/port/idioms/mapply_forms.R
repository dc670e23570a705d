# mapply: SIMPLIFY, MoreArgs, names from the first argument
print(mapply(function(x, y) x + y, 1:3, 4:6))
print(mapply(function(x, y) paste(x, y), c("a", "b"), c("c", "d")))
print(mapply(rep, 1:2, 2:1))
print(mapply(function(x, p) paste0(x, p), c("a", "b"), MoreArgs = list(p = "!")))
print(mapply(function(x, y) x * y, 1:2, 3:4, SIMPLIFY = FALSE))
print(mapply(function(name, n) sprintf("%s=%d", name, n), c("x", "y"), c(1L, 2L), USE.NAMES = FALSE))
print(mapply(function(x, y) x - y, x = c(10, 20), y = c(1, 2)))

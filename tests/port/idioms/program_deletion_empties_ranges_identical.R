# A language-level program: deletion empties ranges identical
l <- list(a = 1, b = "x", c = TRUE)
l$a <- NULL
l[["c"]] <- NULL
l$never_there <- NULL
cat(length(l), names(l), "\n")
print(l)
print(character(0))
print(logical(0))
print(numeric())
for (i in 3:1) cat(i, "")
cat(5:2, 1:1, "\n")
s <- "alpha"
cat(identical(s, "alpha"), identical("beta", s), identical(l$zz, NULL), identical(TRUE, l$b == "x"), "\n")
v <- c(1, 2, 3)
cat(length(v), v[[2]] * 2, sum(v) + 1, "\n")

# x[[length(x) + 1]] <- v appends
x <- list()
for (w in c("a", "b")) x[[length(x) + 1]] <- w
cat(length(x), x[[2]], "\n")

# list() with some elements named and some not
x <- list(1, a = "two", c(3, 4))
print(x)
print(names(x))
print(length(x))
print(x$a)
print(x[[3]])
str_parts <- sapply(list(first = 1, 2), function(v) v * 10)
print(str_parts)

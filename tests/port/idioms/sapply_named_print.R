# sapply over a named list gives a named vector
lens <- sapply(list(hello = "hi there", bye = "ok"), nchar)
print(lens)
sq <- sapply(c(one = 1, two = 2, three = 3), function(x) x^2)
print(sq)
up <- sapply(c("a", "b"), toupper)
print(up)

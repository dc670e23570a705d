# vapply with a type
x <- vapply(list("a", "bb"), nchar, integer(1))
print(x)

# head and tail
x <- c("a", "b", "c", "d")
print(head(x, 2))
print(tail(x, 1))
print(head(letters, 3))

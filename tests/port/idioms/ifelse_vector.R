# ifelse works on vectors
x <- c(1, 5, 3)
print(ifelse(x > 2, "big", "small"))

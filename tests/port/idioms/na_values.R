# NA and is.na
x <- c(1, NA, 3)
print(is.na(x))
cat(is.na(NA), "\n")
print(NA)

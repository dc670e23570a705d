# sort, unique, rev, order
x <- c(3, 1, 2, 3)
print(sort(x))
print(unique(x))
print(rev(x))
print(order(x))

# arithmetic is element by element, recycling
v <- c(1, 2, 3)
print(v * 2)
print(v + c(10, 20, 30))
cat(v > 1, "\n")

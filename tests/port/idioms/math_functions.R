# sqrt, abs, round, floor, ceiling, vectorised
print(sqrt(c(4, 9, 2)))
print(abs(c(-1.5, 2)))
print(round(c(2.567, -1.25), 1))
cat(floor(2.7), ceiling(2.1), round(3.14159, 2), "\n")

# numbers as R writes them
cat(1/3, 2/3, 1e-20, 1e6, 123456.7, "\n")
print(c(0.1, 123))
print(2L)

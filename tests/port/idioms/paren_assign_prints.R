# (x <- 5) assigns and prints
(x <- 5)
x

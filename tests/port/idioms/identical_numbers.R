# identical() tells 1L from 1
print(identical(1L, 1))
print(identical(1, 1))
print(identical(c(1, 2), c(1, 2)))
print(identical(2L, 2L))
print(identical(c(1L, 2L), c(1, 2)))
print(identical("a", "a"))

# print of scalars and NULL
print(TRUE)
print(NULL)
print(c(1.5, 2))
print(1/3)
print(100000)
print(123456789)
print("quote\"d")

# nchar() of no strings is integer(0)
print(nchar(character(0)))

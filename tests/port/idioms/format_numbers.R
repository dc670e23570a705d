# format and formatC
cat(format(3.14159, nsmall = 2), format(2, nsmall = 2), "\n")
cat(formatC(5, width = 3, flag = "0"), formatC(3.14159, digits = 3, format = "f"), "\n")

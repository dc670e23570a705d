# nchar() counts each element
print(nchar(c("a", "bb", "ccc")))
cat(nchar(c("a", "b", "c")), "\n")

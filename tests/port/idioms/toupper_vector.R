# toupper() and tolower() work on every element
print(toupper(c("a", "b")))
cat(tolower(c("X", "Y")), "\n")

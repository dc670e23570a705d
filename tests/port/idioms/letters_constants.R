# letters, LETTERS, month.name
print(letters)
cat(LETTERS[[2]], month.name[[1]], length(month.name), "\n")

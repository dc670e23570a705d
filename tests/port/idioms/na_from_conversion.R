# as.numeric of a word is NA, with R's warning "NAs introduced by coercion"
ids <- c("12", "x7", "30")
n <- as.numeric(ids)
print(n)

# paste with collapse
cat(paste(c("a", "b"), collapse = ","), "\n")
print(paste("x", 1:3))
print(paste0("id-", c(1, 2)))

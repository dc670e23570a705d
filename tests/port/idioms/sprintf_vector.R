# sprintf over vectors
print(sprintf("%s=%d", c("a", "b"), 1:2))
cat(sprintf("%5.1f%%", 12.345), "\n")

# identical on strings and NULL
cat(identical("a", "a"), identical(NULL, NULL), identical(c(1, 2), c(1, 2)), "\n")

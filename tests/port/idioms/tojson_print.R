# toJSON gives a json object, printed bare
library(jsonlite)
x <- list(a = 1, b = "two")
print(jsonlite::toJSON(x, auto_unbox = TRUE))
cat(toJSON(x, auto_unbox = TRUE), "\n")

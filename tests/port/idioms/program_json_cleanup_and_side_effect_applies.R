# A language-level program: json cleanup and side effect applies
library(jsonlite)
payload <- toJSON(list(templateType = "ListPicker", version = "1.0", data = list(n = 2, ok = TRUE)),
                  auto_unbox = TRUE)
cat(payload, "\n")
back <- fromJSON(payload, simplifyVector = FALSE)
cat(back$data$n, back$templateType, "\n")
report <- function(items) {
  cat("start\n")
  on.exit(cat("cleanup\n"))
  invisible(lapply(items, function(it) {
    cat(substr(it, 1, 3), gsub("-", "+", it, fixed = TRUE), grepl("b", it, fixed = TRUE), "\n")
  }))
  length(items)
}
n <- report(c("abc-def", "xyz-b"))
cat(n, max(3, 7), min(c(4, 2)), sum(c(1, 2, 3)), abs(-2), round(2.567, 1), "\n")

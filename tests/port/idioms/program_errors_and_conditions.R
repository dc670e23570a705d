# A language-level program: errors and conditions
safe_div <- function(a, b) {
  tryCatch({
    if (b == 0) stop("division by zero")
    a / b
  }, error = function(e) {
    message("caught: ", conditionMessage(e))
    NA_fallback <- -1
    NA_fallback
  }, finally = cat("checked", a, b, "\n"))
}
cat(safe_div(6, 3), safe_div(1, 0), "\n")
res <- tryCatch(stop("boom"), error = function(err) paste("handled", err$message))
print(res)
try(stop("ignored"), silent = TRUE)
cat("still running\n")

# an argument left out: missing() tells, and R stops only where it is used
describe <- function(id, label) {
  if (missing(label)) label <- paste0("item ", id)
  cat(id, "is", label, "\n")
}
describe(1)
describe(2, "the second")
add <- function(a, b) {
  cat("adding to", a, "\n")
  a + b
}
print(add(1, 2))
res <- try(add(1), silent = TRUE)
cat(res)
add(3)

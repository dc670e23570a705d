# try() without silent prints the error as R does and the script goes on
fetch <- function(id) {
  if (id > 2) stop("no item ", id)
  paste0("item-", id)
}
for (id in 1:4) {
  res <- try(fetch(id))
  if (inherits(res, "try-error")) {
    cat("failed for", id, "\n")
  } else {
    cat("got", res, "\n")
  }
}
quiet <- try(fetch(9), silent = TRUE)
cat("class ok:", inherits(quiet, "try-error"), "\n")
cat("message:", quiet)
cat("last:", geterrmessage())
try(stop("at top level"))
noisy <- function() {
  warning("a warning first")
  stop("then an error")
}
try(noisy())
cat("done\n")

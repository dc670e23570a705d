# A language-level program: lists and indexing
items <- list()
for (word in c("alpha", "beta", "gamma")) {
  items[[length(items) + 1]] <- list(Name = word, Size = nchar(word))
}
cat(length(items), items[[2]]$Name, items[[length(items)]][["Size"]], "\n")
for (i in seq_along(items)) cat(i, items[[i]]$Name, "")
cat("\n")
sizes <- sapply(items, function(it) it$Size)
names_ <- vapply(items, `[[`, character(1), "Name")
long <- Filter(function(it) it$Size > 4, items)
cat(sizes, names_, length(long), "\n")
cat(unlist(lapply(items, function(it) paste(it$Name, it$Size, sep = "="))), sep = ", ")
summarise <- function(xs) {
  labels <- lapply(xs, function(it) {
    label <- toupper(it$Name)
    paste0(label, ":", it$Size)
  })
  cat(unlist(labels), "\n")
}
summarise(items)
cat("\n")
config <- list(region = "eu-west-2", retries = 3)
config$retries <- config$retries + 1
config[["debug"]] <- TRUE
cat(config$region, config$retries, config$debug, is.null(config$missing_never_read), "\n")
cat("beta" %in% names_, !("delta" %in% names_), identical(names_[[1]], "alpha"), "\n")

# a function changing its argument changes its own copy
bump <- function(cfg) {
  cfg$retries <- cfg$retries + 1
  cfg$retries
}
config <- list(retries = 1)
cat(bump(config), config$retries, "\n")

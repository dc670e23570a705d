# an error after warnings in the same statement: "In addition:" as Rscript prints it
load_config <- function(path) {
  warning("no file at ", path, ", using defaults")
  stop("defaults are incomplete")
}
cat("loading\n")
load_config("/etc/app.conf")
cat("never\n")

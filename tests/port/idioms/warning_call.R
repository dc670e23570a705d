# a warning at top level is printed by Rscript
f <- function() {
  warning("careful")
  "done"
}
print(f())

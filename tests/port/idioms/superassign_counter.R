# <<- assigns in the enclosing scope: a global counter, a closure counter, a registry filled by name
calls <- 0
record_call <- function() calls <<- calls + 1
record_call()
record_call()
cat("calls:", calls, "\n")
make_counter <- function() {
  n <- 0
  function() {
    n <<- n + 1
    n
  }
}
next_id <- make_counter()
next_id()
cat("second id:", next_id(), "\n")
other <- make_counter()
cat("independent:", other(), "\n")
handlers <- list()
on_event <- function(type, label) handlers[[type]] <<- label
on_event("MESSAGE", "show it")
on_event("EVENT", "log it")
print(names(handlers))
set_flag <- function() {
  flag_made_here <<- TRUE
  invisible(NULL)
}
set_flag()
print(flag_made_here)

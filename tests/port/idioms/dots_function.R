# ... passes arguments along
log_line <- function(...) cat("[log]", ..., "\n")
log_line("a", 1, TRUE)

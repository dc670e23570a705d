# warnings caught (tryCatch), seen and muffled (withCallingHandlers), suppressed
risky <- function(n) {
  warning("attempt ", n, " was slow")
  n * 2
}
caught <- tryCatch(risky(1), warning = function(w) conditionMessage(w))
print(caught)
seen <- withCallingHandlers(risky(2), warning = function(w) {
  message("noted: ", conditionMessage(w))
  invokeRestart("muffleWarning")
})
print(seen)
passed <- withCallingHandlers(risky(3), warning = function(w) cat("seen, not muffled\n"))
print(passed)
quiet <- suppressWarnings(risky(4))
print(quiet)
suppressMessages(message("never shown"))
w <- simpleWarning("built by hand")
got <- tryCatch(warning(w), warning = function(cond) paste("got:", conditionMessage(cond)))
print(got)
warning(w)
res <- tryCatch({
  warning("first")
  cat("not reached\n")
}, warning = function(w) "stopped at the warning", finally = cat("finally\n"))
print(res)

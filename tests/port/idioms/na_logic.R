# R's three-valued logic: FALSE wins over NA in & and &&, TRUE in | and ||
print(NA & FALSE)
print(NA & TRUE)
print(NA | TRUE)
print(c(TRUE, NA) | FALSE)
print(!c(TRUE, NA, FALSE))
flag <- NA
if (isTRUE(flag)) cat("set\n") else cat("not set\n")
if (flag && FALSE) cat("never\n") else cat("FALSE wins\n")
if (flag || TRUE) cat("TRUE wins\n")
if (is.na(flag)) cat("flag is NA\n")
if (flag) cat("never\n")

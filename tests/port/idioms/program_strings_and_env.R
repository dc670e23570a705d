# A language-level program: strings and env
Sys.setenv(PORT_TEST_NAME = "world")
who <- Sys.getenv("PORT_TEST_NAME")
missing <- Sys.getenv("PORT_TEST_SURELY_UNSET", unset = "default")
empty <- Sys.getenv("PORT_TEST_SURELY_UNSET")
cat(sprintf("hello %s (%s) [%s] %d%%\n", who, missing, empty, 42L))
cat(paste("a", "b", sep = "-"), paste0("x", 1:3), paste(c("p", "q"), collapse = "+"), "\n")
cat(trimws("  pad  "), tolower("ABC"), nzchar(""), startsWith("prefix", "pre"), "\n")
message(sprintf("%.2f", 3.14159), " done")
writeLines(c("line one", "line two"))
print(c("vector", "of", "strings"))
print(3.5)
x <- "top-level value"
x
Sys.sleep(0.01)
TRUE

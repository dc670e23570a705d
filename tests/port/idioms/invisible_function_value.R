# a function returning invisible() prints nothing at top level, its value is kept
f <- function() invisible(7)
f()
y <- f()
print(y)
print(f())

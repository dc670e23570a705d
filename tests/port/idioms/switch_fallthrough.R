# switch: empty alternatives fall through, an unnamed last one is the default
f <- function(x) switch(x, a = , b = "AB", "other")
cat(f("a"), f("b"), f("z"), "\n")

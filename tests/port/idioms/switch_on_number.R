# switch on a number picks by position: the port must not guess
pick <- function(i) switch(i, "first", "second")
print(pick(2))

# a named fmt before the values
n <- 3L
cat(sprintf(fmt = "%d items\n", n))

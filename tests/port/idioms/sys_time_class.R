# Sys.time gives a POSIXct
t0 <- Sys.time()
cat(class(t0), "\n")

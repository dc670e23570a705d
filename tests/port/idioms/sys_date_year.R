# Sys.Date() and Sys.time() through formats both sides agree on within the same second
today <- Sys.Date()
now <- Sys.time()
print(format(today, "%Y") == format(now, "%Y"))
print(class(today))
print(nchar(format(now, "%Y-%m-%d %H:%M:%S")))
print(as.numeric(format(today, "%Y")) > 2000)
print(inherits(now, "POSIXct"))
elapsed <- Sys.time() - now
print(as.numeric(elapsed) < 60)

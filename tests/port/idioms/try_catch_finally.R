# tryCatch with a handler value and finally
out <- tryCatch({
  stop("bad")
}, error = function(e) {
  paste("caught", conditionMessage(e))
}, finally = {
  cat("finally\n")
})
print(out)

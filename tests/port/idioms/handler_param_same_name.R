# a handler parameter named as a variable of the script: the variable survives the handler
e <- tryCatch(stop("boom"), error = function(e) e)
cat(conditionMessage(e), "\n")
w <- simpleWarning("built")
r <- tryCatch(warning(w), warning = function(w) conditionMessage(w))
print(r)
warning(w)

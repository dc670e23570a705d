# A condition kept from a handler is a list: $message, $call, an absent field is NULL
err <- tryCatch(stop("boom"), error = function(e) e)
cat(err$message, "\n")
cat(is.null(err$status_code), "\n")
print(conditionMessage(err))

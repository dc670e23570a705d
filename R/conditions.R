# Errors from the Python side, raised as the conditions a paws user already catches.

raise_reply <- function(reply, call) {
  kind <- as.integer(reply[[1]])
  info <- jsonlite::parse_json(reply[[2]], simplifyVector = FALSE)
  if (identical(kind, reply_service_error)) stop(paws_condition(info, call))
  stop(compat_condition(info, call))
}

# paws' condition: classes paws_error, http_<status>, http_<status class>, http_error, error,
# condition (no duplicates), integer status_code, the decoded body as error_response.
paws_condition <- function(info, call) {
  status <- as.integer(info$status_code)
  classes <- unique(c(
    "paws_error", paste0("http_", status), paste0("http_", status %/% 100L * 100L),
    "http_error", "error", "condition"
  ))
  response <- info$error_response
  if (length(response) == 0) response <- list()
  structure(
    class = classes,
    list(message = info$message, call = call, status_code = status, error_response = response)
  )
}

# Our own errors (validation, configuration, transport, parsing): one class per Python class,
# most specific first, all sharing paws_compat_error.
compat_condition <- function(info, call) {
  chain <- unlist(info$classes)
  if (length(chain) == 0) chain <- info$class
  own <- unique(c(python_class_to_r(chain), "paws_compat_error"))
  if ("ParamValidationError" %in% chain) {
    return(validation_condition(own, info$message, call, info$status_code))
  }
  classes <- unique(c(own, "error", "condition"))
  structure(class = classes, list(message = info$message, call = call))
}

# A validation error found before sending is also what the service would have answered: paws'
# http_400 condition with status_code 400 and the ValidationException's body (its message).
# (Python's ParamValidationError carries the same status_code and error_response.)
validation_condition <- function(own, message, call, status = NULL) {
  status <- if (length(status) == 1L) as.integer(status) else 400L
  classes <- unique(c(own, "paws_error", paste0("http_", status), "http_error", "error", "condition"))
  structure(
    class = classes,
    list(message = message, call = call, status_code = status, error_response = list(message = message))
  )
}

python_class_to_r <- function(names) {
  snake <- snake_case(names)
  ifelse(startsWith(snake, "paws_compat"), snake, paste0("paws_compat_", snake))
}

# An error of this package's R side (setup, installation, an unsupported use): the classes given,
# then paws_compat_error, error and condition; URL passwords in the message masked.
compat_error <- function(class, ..., call = NULL) {
  message <- mask_url_passwords(paste0(...))
  structure(class = unique(c(class, "paws_compat_error", "error", "condition")),
            list(message = message, call = call))
}

# A user (and password) written in any URL of a text, e.g. a private index's, replaced by ***.
mask_url_passwords <- function(text) {
  gsub("([A-Za-z][A-Za-z0-9+.-]*://)[^/@[:space:]]*@", "\\1***@", text)
}

# With paws.compat loaded, paws_compat's results and errors that reach R through
# reticulate::import("paws_compat") convert as the package's own: a Record to paws' list (rebuilt
# from the model, as every result here), an exception object to paws' condition.
# (reticulate 1.28 raises a Python exception as a plain R error; its live exception,
# attr(reticulate::py_last_error(), "exception"), converts with reticulate::py_to_r().)

py_to_r.paws_compat._result.Record <- function(x) {
  info <- import_dispatch()$record_reply(x)
  fill_value(service_model(info[[1]]), info[[2]], jsonlite::parse_json(info[[3]], simplifyVector = FALSE))
}

py_to_r.paws_compat._errors.PawsCompatError <- function(x) {
  reply <- import_dispatch()$error_reply(x)
  info <- jsonlite::parse_json(reply[[2]], simplifyVector = FALSE)
  if (identical(as.integer(reply[[1]]), reply_service_error)) paws_condition(info, NULL) else compat_condition(info, NULL)
}

# Calls through reticulate: reticulate 1.28 raises a Python exception as a plain R error
# (Rcpp::exception), which paws' handlers (tryCatch(..., http_403 = ...)) never see. Every method
# taken from paws_compat's module, a client or a chat session is wrapped so that a paws_compat
# exception is signalled as the package's own condition (classes, status_code, error_response),
# with the call it came from (token arguments replaced). Other errors pass through unchanged.
guard_python <- function(value) {
  if (!is.function(value)) return(value)
  force(value)
  wrapped <- function(...) {
    call <- redact_secrets(sys.call())
    reticulate::py_clear_last_error()
    tryCatch(value(...), error = function(e) stop(paws_compat_condition(e, call)))
  }
  attributes(wrapped) <- attributes(value)  # still reticulate's callable (py_object and classes)
  wrapped
}

# The condition for an R error that came from Python: the package's own when the exception is one
# of paws_compat's, the error itself otherwise.
paws_compat_condition <- function(error, call) {
  last <- reticulate::py_last_error()
  exception <- if (is.null(last)) NULL else attr(last, "exception", exact = TRUE)
  if (is.null(exception) || !inherits(exception, "paws_compat._errors.PawsCompatError")) return(error)
  condition <- reticulate::py_to_r(exception)
  condition$call <- call
  condition
}

`$.paws_compat._Package` <- function(x, name) guard_python(NextMethod())
`[[.paws_compat._Package` <- function(x, name) guard_python(NextMethod())
`$.paws_compat._client.Client` <- function(x, name) guard_python(NextMethod())
`[[.paws_compat._client.Client` <- function(x, name) guard_python(NextMethod())
`$.paws_compat.chat.sync.ChatSession` <- function(x, name) guard_python(NextMethod())
`[[.paws_compat.chat.sync.ChatSession` <- function(x, name) guard_python(NextMethod())

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
# (Rcpp::exception), which paws' handlers (tryCatch(..., http_403 = ...)) never see. Every callable
# taken from paws_compat's module, its submodules (pc$chat$ChatSession), a client, a chat session,
# a paginator or any other paws_compat object is wrapped so that a paws_compat exception is
# signalled as the package's own condition (classes, status_code, error_response), with the call
# it came from (token arguments replaced). Other errors pass through unchanged. A paws_compat
# object such a call returns (or a submodule reached by $) is marked paws_compat_python, so its
# own attributes are guarded the same way.
guard_python <- function(value) {
  if (!inherits(value, "python.builtin.object")) return(value)
  if (is_paws_compat_object(value) && !inherits(value, guarded_classes)) {
    class(value) <- unique(c("paws_compat_python", class(value)))
  }
  if (!is.function(value)) return(value)
  force(value)
  wrapped <- function(...) {
    call <- redact_python_call(redact_secrets(sys.call()), value)
    reticulate::py_clear_last_error()
    guard_python(tryCatch(value(...), error = function(e) stop(paws_compat_condition(e, call))))
  }
  attributes(wrapped) <- attributes(value)  # still reticulate's callable (py_object and classes)
  wrapped
}

# The classes whose $ and [[ are guarded by a method of their own.
guarded_classes <- c("paws_compat_python", "paws_compat._Package", "paws_compat._client.Client",
                     "paws_compat.chat.sync.ChatSession")

# An object of a paws_compat class, or one of paws_compat's submodules.
is_paws_compat_object <- function(value) {
  classes <- class(value)
  if (any(startsWith(classes, "paws_compat."))) return(TRUE)
  if (!inherits(value, "python.builtin.module")) return(FALSE)
  name <- tryCatch(reticulate::py_to_r(reticulate::py_get_attr(value, "__name__")), error = function(e) "")
  is.character(name) && length(name) == 1L && (name == "paws_compat" || startsWith(name, "paws_compat."))
}

# A call's unnamed string constants given to a parameter whose name says secret
# (ChatSession(svc, "<participant token>")) replaced; when the Python signature cannot be read,
# every unnamed string constant is.
redact_python_call <- function(call, callable) {
  if (length(call) < 2L) return(call)
  keys <- names(call)
  if (is.null(keys)) keys <- character(length(call))
  unnamed <- which(!nzchar(keys))
  unnamed <- unnamed[unnamed > 1L]
  literal <- unnamed[vapply(unnamed, function(i) is.character(call[[i]]), NA)]
  if (length(literal) == 0) return(call)
  params <- python_parameters(callable)
  for (i in literal) {
    position <- match(i, unnamed)
    param <- if (is.null(params) || position > length(params)) NA_character_ else params[[position]]
    if (is.na(param) || secret_arg_name(param)) call[[i]] <- "<redacted>"
  }
  call
}

# The names of a Python callable's positional parameters, in order (NULL when unknown).
python_parameters <- function(callable) {
  tryCatch({
    inspect <- reticulate::import("inspect", convert = TRUE)
    params <- inspect$signature(callable)$parameters
    kinds <- c("POSITIONAL_ONLY", "POSITIONAL_OR_KEYWORD")
    names <- reticulate::iterate(params$keys())
    keep <- vapply(names, function(n) {
      kind <- reticulate::py_to_r(reticulate::py_get_item(params, n, silent = FALSE)$kind$name)
      kind %in% kinds
    }, NA)
    unlist(names[keep])
  }, error = function(e) NULL)
}

# A page iterator iterated from R (reticulate::iterate(), as_iterator()): reticulate walks a Python
# iterator in C++, where no R handler can give a paws_compat exception its classes, so the pages
# are fetched here, in one guarded call, and iterated from a list.
page_list_iterator <- function(pages) {
  force(pages)
  function() {
    call <- sys.call()
    reticulate::py_clear_last_error()
    builtins <- reticulate::import_builtins(convert = FALSE)
    listed <- tryCatch(builtins$list(pages), error = function(e) stop(paws_compat_condition(e, call)))
    reticulate::import_builtins(convert = TRUE)$iter(listed)
  }
}

# A page iterator as R's list of its pages, each paws' list as results are: as.list(), and so
# lapply(), sapply() and vapply() over it (they call as.list() on an object). reticulate 1.28's
# iterate() and iter_next() convert each item in C++, where no py_to_r() method runs: there the
# pages stay Python Records (py_to_r() converts one); this is the form that gives R lists.
as.list.paws_compat._paging.PageIterator <- function(x, ...) {
  call <- redact_secrets(sys.call())
  reticulate::py_clear_last_error()
  builtins <- reticulate::import_builtins(convert = FALSE)
  listed <- tryCatch(builtins$list(x), error = function(e) stop(paws_compat_condition(e, call)))
  lapply(seq_len(reticulate::py_len(listed)) - 1L, function(i) {
    reticulate::py_to_r(reticulate::py_get_item(listed, i))
  })
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
`$.paws_compat_python` <- function(x, name) guard_attribute(x, name, NextMethod())
`[[.paws_compat_python` <- function(x, name) guard_attribute(x, name, NextMethod())

guard_attribute <- function(x, name, value) {
  if (identical(name, "__iter__") && inherits(x, "paws_compat._paging.PageIterator")) {
    return(page_list_iterator(x))
  }
  guard_python(value)
}

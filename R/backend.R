# How the R front-end reaches the Python implementation.
#
# A backend is a list of three functions: model_file(), new_client(config, credentials, endpoint,
# region) and call(client, method, args); chat sessions need two more, chat_start() and
# chat_call(), and secret_names() gives what a shown call hides (reticulate's when a backend has
# none). Each reply is list(kind, payload) as documented in the
# Python module r_bridge.dispatch. The default backend goes through reticulate; the script runner
# (python -m r_bridge.run) installs one made of rpy2 callbacks, because reticulate must not drive
# a Python that is itself embedding R.

.state <- new.env(parent = emptyenv())

reply_ok <- 0L
reply_service_error <- 1L
reply_validation_error <- 2L

current_backend <- function() {
  if (is.null(.state$backend)) {
    .state$backend <- reticulate_backend()
  }
  .state$backend
}

# Replaces the backend (NULL restores reticulate's). Used by r_bridge.run; returns the old one.
use_backend <- function(backend) {
  if (!is.null(backend)) {
    missing_parts <- setdiff(c("model_file", "new_client", "call"), names(backend))
    if (length(missing_parts) > 0) {
      stop("a backend needs ", paste(missing_parts, collapse = ", "), call. = FALSE)
    }
  }
  old <- .state$backend
  .state$backend <- backend
  invisible(old)
}

reticulate_backend <- function() {
  dispatch <- NULL
  call_fn <- NULL
  module <- function() {
    if (is.null(dispatch)) {
      dispatch <<- import_dispatch()
      call_fn <<- dispatch$call
    }
    dispatch
  }
  list(
    name = "reticulate",
    model_file = function(service = "connectparticipant") module()$model_file(service),
    secret_names = function() module()$secret_names(),
    new_client = function(config, credentials, endpoint, region, service = "connectparticipant") {
      module()$new_client(config, credentials, endpoint, region, service)
    },
    call = function(client, method, args) {
      if (is.null(call_fn)) module()
      call_fn(client, method, args)
    },
    chat_start = function(client, token, connect, timeout, overrides) {
      module()$chat_start(client, token, connect, timeout, overrides)
    },
    chat_call = function(session, method, args) module()$chat_call(session, method, args)
  )
}

import_dispatch <- function() {
  tryCatch(
    reticulate::import("r_bridge.dispatch", convert = TRUE),
    error = function(e) {
      python <- tryCatch(reticulate::py_exe(), error = function(e2) "none found")
      stop(compat_error(
        "paws_compat_setup_error",
        "paws.compat needs the Python package paws-compat in reticulate's Python (",
        python, "): run paws.compat::install_paws_compat(), or set RETICULATE_PYTHON to ",
        "a Python that has it. (", conditionMessage(e), ")"
      ))
    }
  )
}

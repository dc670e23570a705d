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

# Installing the Python side, as R packages that wrap Python conventionally offer.

install_paws_compat <- function(package = "paws-compat", envname = NULL, method = "auto",
                                upgrade = FALSE, pip_options = character(), ...) {
  if (!is.null(envname)) {
    # A named virtualenv or conda environment: reticulate knows how to reach it.
    return(invisible(reticulate::py_install(
      package, envname = envname, method = method, pip = TRUE,
      pip_options = c(if (upgrade) "--upgrade", pip_options), ...
    )))
  }
  python <- reticulate_python()
  args <- c("-m", "pip", "install", "--disable-pip-version-check",
            if (upgrade) "--upgrade", pip_options, shQuote(package))
  message("Installing ", package, " into ", python)
  status <- system2(python, args)
  if (!identical(as.integer(status), 0L)) {
    stop("pip failed (exit status ", status, ") installing ", package, " into ", python, call. = FALSE)
  }
  invisible(python)
}

# The Python reticulate uses (or will use) in this session, without starting it.
reticulate_python <- function() {
  if (reticulate::py_available(initialize = FALSE)) return(reticulate::py_exe())
  config <- reticulate::py_discover_config()
  if (is.null(config$python)) {
    stop("reticulate found no Python; set RETICULATE_PYTHON to one (3.10 or newer)", call. = FALSE)
  }
  config$python
}

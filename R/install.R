# Installing the Python side, as R packages that wrap Python conventionally offer.

install_paws_compat <- function(package = "paws-compat", envname = NULL, method = "auto",
                                upgrade = FALSE, pip_options = character(), timeout = 900, ...) {
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
  message(mask_url_passwords(paste0("Installing ", package, " into ", python)))
  # A stalled index or proxy must not hang the R session: pip gets `timeout` seconds.
  status <- suppressWarnings(system2(python, args, env = python_child_env(), timeout = timeout))
  if (identical(as.integer(status), 124L)) {
    stop(compat_error("paws_compat_install_error", "pip did not finish within ", timeout, " s installing ",
                      package, " into ", python))
  }
  if (!identical(as.integer(status), 0L)) {
    stop(compat_error("paws_compat_install_error", "pip failed (exit status ", status, ") installing ", package,
                      " into ", python))
  }
  invisible(python)
}

# The Python reticulate uses (or will use) in this session, without starting it.
reticulate_python <- function() {
  if (reticulate::py_available(initialize = FALSE)) return(reticulate::py_exe())
  config <- reticulate::py_discover_config()
  if (is.null(config$python)) {
    stop(compat_error("paws_compat_install_error",
                      "reticulate found no Python; set RETICULATE_PYTHON to one (3.10 or newer)"))
  }
  config$python
}

# R puts its own and the system's library folders first on LD_LIBRARY_PATH; a Python started from
# R would then load the system's libpython instead of its own (and fail to import ssl). Keep only
# the folders the user had set.
python_child_env <- function() {
  paths <- strsplit(Sys.getenv("LD_LIBRARY_PATH"), ":", fixed = TRUE)[[1]]
  added_by_r <- startsWith(paths, R.home()) | grepl("/jvm/", paths, fixed = TRUE) |
    paths %in% c("", "/usr/lib", "/lib", "/usr/lib64", "/lib64") |
    grepl("^/(usr/)?lib/[a-z0-9_]+-linux-gnu[a-z]*$", paths)
  paste0("LD_LIBRARY_PATH=", paste(paths[!added_by_r], collapse = ":"))
}

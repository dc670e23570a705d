# install_paws_compat() runs pip in reticulate's Python (checked offline with a local probe package).

make_probe <- function() {
  dir <- tempfile("probe-")
  dir.create(file.path(dir, "probe_pkg"), recursive = TRUE)
  writeLines(c(
    "[build-system]", 'requires = ["hatchling"]', 'build-backend = "hatchling.build"',
    "[project]", 'name = "paws-compat-install-probe"', 'version = "0.0.1"',
    "[tool.hatch.build.targets.wheel]", 'packages = ["probe_pkg"]'
  ), file.path(dir, "pyproject.toml"))
  file.create(file.path(dir, "probe_pkg", "__init__.py"))
  dir
}

offline <- c("--no-deps", "--no-build-isolation", "--no-index", "--dry-run", "-q")

test_that("install_paws_compat installs into the Python reticulate uses", {
  probe <- make_probe()
  expect_message(
    used <- install_paws_compat(probe, pip_options = offline),
    "Installing .* into "
  )
  expect_identical(normalizePath(used), normalizePath(Sys.getenv("RETICULATE_PYTHON")))
})

test_that("a failing pip is the package's condition saying what failed", {
  missing <- file.path(tempdir(), "no-such-package-dir")
  failed <- tryCatch(
    suppressMessages(install_paws_compat(missing, pip_options = c(offline, "--disable-pip-version-check"))),
    paws_compat_install_error = function(e) e
  )
  expect_s3_class(failed, c("paws_compat_install_error", "paws_compat_error", "error", "condition"), exact = TRUE)
  expect_match(conditionMessage(failed), "^pip failed \\(exit status [1-9][0-9]*\\) installing ")
})

test_that("a password in the package's URL is in no message or condition", {
  url <- "https://someone:install-secret@127.0.0.1:9/paws_compat-0.1.0.tar.gz"
  shown <- character(0)
  failed <- withCallingHandlers(
    tryCatch(install_paws_compat(url, pip_options = c("--no-deps", "--dry-run", "-q", "--retries", "0", "--timeout", "2",
                                                      "--disable-pip-version-check")),
             paws_compat_install_error = function(e) e),
    message = function(m) {
      shown <<- c(shown, conditionMessage(m))
      invokeRestart("muffleMessage")
    }
  )
  expect_s3_class(failed, "paws_compat_install_error")
  shown <- c(shown, conditionMessage(failed), capture.output(print(failed)))
  expect_true(any(grepl("https://***@127.0.0.1:9/", shown, fixed = TRUE)))
  expect_false(any(grepl("install-secret", shown, fixed = TRUE)))
})

test_that("pip runs with its own Python's libraries, not R's library path", {
  env <- paws.compat:::python_child_env()
  expect_false(grepl(R.home(), env, fixed = TRUE))
  python <- Sys.getenv("RETICULATE_PYTHON")
  status <- system2(python, c("-c", shQuote("import ssl")), env = env, stdout = FALSE, stderr = FALSE)
  expect_identical(as.integer(status), 0L)
})

test_that("a pip that stalls is stopped after `timeout` seconds with an R error", {
  # A package index that accepts connections and never answers: pip would wait on it.
  port <- NULL
  for (candidate in sample(20000:40000, 20)) {
    listener <- tryCatch(serverSocket(candidate), error = function(e) NULL)
    if (!is.null(listener)) { port <- candidate; break }
  }
  expect_false(is.null(port))
  on.exit(close(listener), add = TRUE)
  index <- sprintf("http://127.0.0.1:%d/simple", port)
  expect_error(
    suppressMessages(install_paws_compat(
      "paws-compat-stall-probe",
      pip_options = c("--no-deps", "--index-url", index, "--timeout", "120", "--retries", "0",
                      "--disable-pip-version-check"),
      timeout = 3
    )),
    "pip did not finish within 3 s"
  )
})

# Real servers for the tests, started once per test run in this R process's Python and stopped
# when the run ends: a scripted server standing in for AWS (exact bodies, every error), and the
# project's emulator (the whole service, end to end).

.servers <- new.env(parent = emptyenv())

scripted_server <- function() {
  if (is.null(.servers$scripted)) {
    module <- reticulate::import_from_path("scripted_server", path = test_path("."))
    server <- module$ScriptedServer()
    .servers$scripted <- server
    withr::defer(server$close(), envir = teardown_env())
  }
  server <- .servers$scripted
  server$reset()
  server
}

# A client of the scripted server that sends every request once (errors are not retried here;
# retries have their own test).
scripted_client <- function(server, ...) {
  connectparticipant(config = list(
    endpoint = server$endpoint, region = "us-east-1", max_retries = 1, ...
  ))
}

# Queue one reply: body is an R list (sent as JSON), a JSON string, or NULL for no body.
reply <- function(server, body = list(), status = 200L, headers = list()) {
  text <- if (is.null(body)) {
    NULL
  } else if (is.character(body)) {
    body
  } else if (length(body) == 0) {
    "{}"
  } else {
    as.character(jsonlite::toJSON(body, auto_unbox = TRUE, null = "null"))
  }
  server$reply(status = as.integer(status), body = text, headers = headers)
}

last_body <- function(server) {
  text <- server$last_request()$body
  if (!nzchar(text)) return(NULL)
  jsonlite::parse_json(text, simplifyVector = FALSE)
}

emulator <- function() {
  if (is.null(.servers$emulator)) {
    module <- reticulate::import("paws_compat.emulator")
    emu <- module$Emulator()
    emu$`__enter__`()
    .servers$emulator <- emu
    withr::defer(emu$`__exit__`(NULL, NULL, NULL), envir = teardown_env())
  }
  .servers$emulator
}

python_model <- function() reticulate::import("paws_compat._model")$load_model("connectparticipant")

# Every error a user can cause is a classed paws.compat condition in R's words, naming the argument
# and the rule; never a raw Python exception (Rcpp::exception), never a token in the message or call.

expect_param_error <- function(expr, pattern) {
  err <- tryCatch(expr, error = function(e) e)
  expect_s3_class(err, "paws_compat_param_validation_error")
  expect_s3_class(err, "paws_compat_error")
  expect_false(inherits(err, "Rcpp::exception"))
  expect_match(conditionMessage(err), pattern, fixed = TRUE)
  invisible(err)
}

test_that("chat session methods refuse bad arguments as classed R conditions", {
  emu <- emulator()
  pair <- emu$start_chat_with_agent()
  token <- pair$customer$participant_token
  svc <- connectparticipant(endpoint = emu$endpoint, region = "us-east-1")
  chat <- chat_session(svc, ParticipantToken = token)
  on.exit(chat$close(), add = TRUE)
  wrote <- character(0)
  check <- function(expr, pattern) {
    err <- expect_param_error(expr, pattern)
    wrote <<- c(wrote, conditionMessage(err), deparse(conditionCall(err)))
  }

  check(chat$send_attachment("/nonexistent/file"),
        "Invalid argument path: is \"/nonexistent/file\", which is not a readable file (must be the path")
  check(chat$send_attachment(tempdir()), "which is not a readable file")
  check(chat$send_attachment(), "Invalid argument path: is missing")
  check(chat$send_message(NULL), "Invalid argument content: is NULL (must be one character string)")
  check(chat$send_message(), "Invalid argument content: is missing")
  check(chat$send_message(c("a", "b")), "Invalid argument content: is a character vector of length 2")
  check(chat$send_message("x", content_type = 5), "Invalid argument content_type: is a number")
  check(chat$send_message("x", bogus = 1), "Invalid argument bogus: is not an argument of send_message()")
  check(chat$send_event(NULL), "Invalid argument content_type: is NULL")
  check(chat$send_read_receipt(NULL), "Invalid argument message_id: is NULL (must be one character string)")
  check(chat$send_delivered_receipt(1), "Invalid argument message_id: is a number")
  check(chat$transcript(bogus = 1),
        "Invalid argument bogus: is not an argument of transcript() (the arguments transcript() accepts: ContactId")
  check(chat$transcript(1), "Invalid argument ..1: is an extra unnamed argument")
  check(chat$get_attachment("a", ConnectionToken = "x"), "Invalid argument ConnectionToken: is not an argument")
  check(chat$poll(timeout = c(1, 2)),
        "Invalid argument timeout: is a numeric vector of length 2 (must be one number of seconds, 0 or more)")
  check(chat$poll(timeout = NA), "Invalid argument timeout: NA is not a value")
  check(chat$poll(timeout = -1), "Invalid argument timeout: is -1")
  check(chat$poll(timeout = "1"), "Invalid argument timeout: is a character string")
  check(chat$send_message(sum), "Invalid argument content: is a function, not a value this service accepts")
  expect_false(any(grepl(token, wrote, fixed = TRUE)))
  # The session still works after all of that.
  expect_identical(chat$state(), "connected")
})

test_that("a fault from Python arrives as a paws.compat condition, never an Rcpp::exception", {
  dispatch <- reticulate::import("r_bridge.dispatch")
  emu <- emulator()
  pair <- emu$start_chat_with_agent()
  svc <- connectparticipant(endpoint = emu$endpoint, region = "us-east-1")
  context <- environment(svc[[1]])$.context
  reply <- dispatch$chat_start(context$client, pair$customer$participant_token, TRUE, 30, NULL)
  session <- reply[[2]]
  on.exit(session$close(), add = TRUE)
  # What R's checks keep from happening, sent straight to the dispatcher: a file that is not there,
  # a required argument left out, an unknown one.
  for (case in list(list("send_attachment", list(source = "/nonexistent/file"), "paws_compat_chat_session_error"),
                    list("send_message", structure(list(), names = character(0)),
                         "paws_compat_param_validation_error"),
                    list("transcript", list(bogus = 1), "paws_compat_param_validation_error"))) {
    answer <- dispatch$chat_call(session, case[[1]], case[[2]])
    expect_false(identical(answer[[1]], 0L))
    err <- tryCatch(paws.compat:::raise_reply(answer, quote(f())), error = function(e) e)
    expect_s3_class(err, case[[3]])
    expect_s3_class(err, "paws_compat_error")
    expect_false(grepl(pair$customer$participant_token, conditionMessage(err), fixed = TRUE))
  }
})

test_that("chat_session() refuses an NA, non-numeric or negative timeout, naming it", {
  emu <- emulator()
  pair <- emu$start_chat_with_agent()
  svc <- connectparticipant(endpoint = emu$endpoint, region = "us-east-1")
  token <- pair$customer$participant_token
  err <- expect_param_error(chat_session(svc, token, timeout = NA), "Invalid argument timeout: NA is not a value")
  expect_false(grepl(token, paste(deparse(conditionCall(err)), collapse = ""), fixed = TRUE))
  expect_param_error(chat_session(svc, token, timeout = NA_real_), "Invalid argument timeout: NA")
  expect_param_error(chat_session(svc, token, timeout = "x"), "Invalid argument timeout: is a character string")
  expect_param_error(chat_session(svc, token, timeout = c(1, 2)), "Invalid argument timeout: is a numeric vector")
  expect_param_error(chat_session(svc, token, timeout = -1), "Invalid argument timeout: is -1")
  expect_param_error(chat_session(svc, token, timeout = NULL), "Invalid argument timeout: is NULL")
  expect_param_error(chat_session(svc, ParticipantToken = 5), "Invalid argument ParticipantToken: is a number")
  expect_param_error(chat_session(svc), "Invalid argument ParticipantToken: is missing")
  expect_param_error(chat_session(list(), "x"), "Invalid argument svc: is a list of length 0")
})

test_that("a function or an environment as an argument is a clear validation error", {
  server <- scripted_server()
  svc <- scripted_client(server)
  expect_param_error(svc$create_participant_connection(Type = sum, ParticipantToken = "t"),
                     "Invalid argument Type: is a function, not a value this service accepts")
  expect_param_error(svc$create_participant_connection(Type = list("WEBSOCKET", sum), ParticipantToken = "t"),
                     "Invalid argument Type[[2]]: is a function")
  expect_param_error(svc$create_participant_connection(Type = "WEBSOCKET", ParticipantToken = new.env()),
                     "Invalid argument ParticipantToken: is an environment")
  expect_param_error(svc$get_transcript(ConnectionToken = "t", StartPosition = list(Id = function() 1)),
                     "Invalid argument StartPosition$Id: is a function")
  expect_param_error(connectparticipant(config = list(region = identity)),
                     "Invalid argument config$region: is a function")
  expect_param_error(connectparticipant(region = mean), "Invalid argument region: is a function")
  expect_length(server$requests, 0L)
})

test_that("connectparticipant() errors never show credentials or passwords in their call", {
  show <- function(expr) {
    err <- tryCatch(expr, error = function(e) e)
    expect_s3_class(err, "paws_compat_error")
    paste(c(conditionMessage(err), deparse(conditionCall(err))), collapse = "\n")
  }
  creds <- list(creds = list(access_key_id = "AKIAXXX", secret_access_key = "SUPERSECRET"))
  seen <- c(
    show(connectparticipant(config = list(credentials = list(creds = list(
      access_key_id = "AKIAXXX", secret_access_key = "SUPERSECRET", session_token = "SESSTOK")), max_retries = -1),
      region = "us-east-1")),
    show(connectparticipant(credentials = list(creds = list(access_key_id = "AKIAXXX",
                                                            secret_access_key = "SUPERSECRET")), region = NA)),
    show(connectparticipant(config = list(), list(creds = list(secret_access_key = "SUPERSECRET")), "not a url")),
    show(connectparticipant(cred = list(creds = list(secret_access_key = "SUPERSECRET")), endpoint = "zzz")),
    show(connectparticipant(config = list(region = "us-east-1", endpoint = "http://u:SECRETPW@127.0.0.1:1")))
  )
  for (secret in c("SUPERSECRET", "SESSTOK", "AKIAXXX", "SECRETPW")) {
    expect_false(any(grepl(secret, seen, fixed = TRUE)), info = secret)
  }
  # What is not secret stays, so the call still says what was done; a variable's name is kept.
  err <- tryCatch(connectparticipant(credentials = creds, region = NA), error = function(e) e)
  expect_identical(deparse(conditionCall(err)), "connectparticipant(credentials = creds, region = NA)")
  err <- tryCatch(connectparticipant(config = list(max_retries = -1, credentials = list(profile = "p"))),
                  error = function(e) e)
  expect_identical(paste(deparse(conditionCall(err)), collapse = ""),
                   "connectparticipant(config = list(max_retries = -1, credentials = \"<redacted>\"))")
})

test_that("validation and config errors use R's terms", {
  server <- scripted_server()
  svc <- scripted_client(server)
  msg <- function(expr) tryCatch(expr, paws_compat_error = conditionMessage)
  expect_match(msg(svc$create_participant_connection(ParticipantToken = "t", ConnectParticipant = c(TRUE, FALSE))),
               "ConnectParticipant: is a vector or list of length 2 (must be TRUE or FALSE)", fixed = TRUE)
  expect_match(msg(svc$get_transcript(ConnectionToken = "t", MaxResults = Inf)),
               "MaxResults: is Inf (must be a finite number)", fixed = TRUE)
  expect_match(msg(svc$send_message(ContentType = "text/plain", Content = as.raw(1:3), ConnectionToken = "t")),
               "Content: is a raw vector (must be a string)", fixed = TRUE)
  expect_match(msg(svc$create_participant_connection(ParticipantToken = "t", ConnectParticipant = list(a = 1))),
               "ConnectParticipant: is a named list (must be TRUE or FALSE)", fixed = TRUE)
  expect_match(msg(svc$get_transcript(ConnectionToken = "t", MaxResults = -1)), "MaxResults: is -1 (", fixed = TRUE)
  expect_length(server$requests, 0L)

  config_msg <- function(config) msg(connectparticipant(config = config, region = "us-east-1"))
  expect_identical(config_msg(list(endpoint = c("http://a", "http://b"))),
                   "config endpoint must be a non-empty string or NULL, not c(\"http://a\", \"http://b\")")
  expect_identical(config_msg(list(max_retries = -1)), "config max_retries must be an integer >= 0, not -1")
  expect_identical(config_msg(list(max_retries = "x")), "config max_retries must be an integer >= 0, not \"x\"")
  expect_identical(config_msg(list("x")), "config must be a named list, not an unnamed list or a vector of length > 1")
  expect_identical(msg(connectparticipant(config = "x")), "config must be a named list, not a character string")
  expect_identical(config_msg(list(close_connection = "yes")),
                   "config close_connection must be TRUE or FALSE, not a character string")
  for (text in c(config_msg(list(endpoint = c("http://a", "http://b"))), config_msg(list(max_retries = -1.5)))) {
    expect_false(grepl("None|dict|\\[|-1\\.0\\b|'", text), info = text)
  }
})

# Service errors as paws' condition; our own errors with classes of their own.

paws_classes <- function(status) {
  unique(c("paws_error", paste0("http_", status), paste0("http_", status %/% 100 * 100),
           "http_error", "error", "condition"))
}

test_that("every error of the model is raised as paws' condition", {
  server <- scripted_server()
  svc <- scripted_client(server)
  shapes <- python_model()$error_shapes
  codes <- names(shapes)
  expect_true(length(codes) >= 7L)
  for (code in codes) {
    status <- as.integer(shapes[[code]]$error_status)
    reply(server, list(message = paste("scripted", code)), status = status,
          headers = list(`x-amzn-ErrorType` = paste0(code, ":http://internal.amazon.com/coral/")))
    err <- tryCatch(svc$disconnect_participant(ConnectionToken = "tok"), error = function(e) e)
    expect_identical(class(err), paws_classes(status), label = code)
    expect_identical(err$status_code, status, label = code)
    expect_identical(conditionMessage(err), sprintf("%s (HTTP %d). scripted %s", code, status, code))
    expect_identical(err$error_response, list(message = paste("scripted", code)))
  }
})

test_that("paws users' handlers work unchanged: http_403, paws_error, error_response$message", {
  server <- scripted_server()
  svc <- scripted_client(server)
  body <- '{"message":"You do not have sufficient access to perform this action."}'
  reply(server, body, status = 403L, headers = list(`x-amzn-ErrorType` = "AccessDeniedException"))
  handled <- tryCatch(
    svc$create_participant_connection(Type = "WEBSOCKET", ParticipantToken = "expired"),
    http_403 = function(e) e
  )
  expect_true(inherits(handled, "paws_error"))
  expect_identical(class(handled),
                   c("paws_error", "http_403", "http_400", "http_error", "error", "condition"))
  expect_identical(handled$status_code, 403L)
  expect_identical(handled$error_response$message,
                   "You do not have sufficient access to perform this action.")
  expect_identical(conditionMessage(handled), paste(
    "AccessDeniedException (HTTP 403). You do not have sufficient access to perform this action."
  ))
  expect_false(grepl("expired", conditionMessage(handled)))
  reply(server, '{"message":"bad"}', status = 400L, headers = list(`x-amzn-ErrorType` = "ValidationException"))
  err <- tryCatch(svc$get_transcript(ConnectionToken = "tok"), http_400 = function(e) e)
  expect_identical(class(err), c("paws_error", "http_400", "http_error", "error", "condition"))
})

test_that("the code comes from the body when no header names it; an empty body gives list()", {
  server <- scripted_server()
  svc <- scripted_client(server)
  reply(server, '{"__type":"com.amazonaws.connectparticipant#ResourceNotFoundException","Message":"gone"}',
        status = 404L)
  err <- tryCatch(svc$describe_view(ViewToken = "v", ConnectionToken = "tok"), http_404 = function(e) e)
  expect_identical(conditionMessage(err), "ResourceNotFoundException (HTTP 404). gone")
  expect_identical(err$error_response,
                   list(`__type` = "com.amazonaws.connectparticipant#ResourceNotFoundException", Message = "gone"))
  server$reply(status = 409L, body = NULL)
  err <- tryCatch(svc$disconnect_participant(ConnectionToken = "tok"), paws_error = function(e) e)
  expect_identical(err$status_code, 409L)
  expect_identical(err$error_response, list())
  expect_identical(class(err), paws_classes(409L))
})

test_that("a retryable error is retried; the last answer is what the caller sees", {
  server <- scripted_server()
  svc <- connectparticipant(config = list(endpoint = server$endpoint, region = "us-east-1", max_retries = 3))
  reply(server, '{"message":"slow down"}', status = 429L, headers = list(`x-amzn-ErrorType` = "ThrottlingException"))
  reply(server, '{"message":"oops"}', status = 500L, headers = list(`x-amzn-ErrorType` = "InternalServerException"))
  reply(server, list(Id = "m1", AbsoluteTime = "t"))
  out <- svc$send_message(ContentType = "text/plain", Content = "hi", ConnectionToken = "tok")
  expect_identical(out$Id, "m1")
  expect_length(server$requests, 3L)
})

test_that("a refused connection is our own error with its own class, not a paws_error", {
  server <- scripted_server()
  closed <- reticulate::import("socket")$socket()
  closed$bind(reticulate::tuple("127.0.0.1", 0L))
  port <- closed$getsockname()[[2]]
  closed$close()
  svc <- connectparticipant(config = list(endpoint = paste0("http://127.0.0.1:", port), region = "us-east-1",
                                          max_retries = 1))
  err <- tryCatch(svc$disconnect_participant(ConnectionToken = "tok"), error = function(e) e)
  expect_true(inherits(err, "paws_compat_error"))
  expect_true(inherits(err, "paws_compat_transport_error"))
  expect_false(inherits(err, "paws_error"))
  expect_false(grepl("tok", conditionMessage(err), fixed = TRUE))
})

test_that("an error's call never shows a token written in it", {
  server <- scripted_server()
  svc <- scripted_client(server)
  reply(server, '{"message":"no"}', status = 403L, headers = list(`x-amzn-ErrorType` = "AccessDeniedException"))
  err <- tryCatch(svc$disconnect_participant(ConnectionToken = "secret-tok-123"), error = function(e) e)
  shown <- paste(c(conditionMessage(err), deparse(conditionCall(err)), capture.output(print(err))), collapse = "\n")
  expect_false(grepl("secret-tok-123", shown, fixed = TRUE))
  expect_match(deparse(conditionCall(err)), "ConnectionToken = \"<redacted>\"", fixed = TRUE)
  tok <- "secret-tok-456"
  err <- tryCatch(svc$create_participant_connection(ParticipantToken = tok, ConnectParticipant = NA),
                  error = function(e) e)
  expect_identical(deparse(conditionCall(err)),
                   "svc$create_participant_connection(ParticipantToken = tok, ConnectParticipant = NA)")
})

test_that("a token passed by position, by a partial name or beside ... is not shown either", {
  server <- scripted_server()
  svc <- scripted_client(server)
  denied <- function() {
    reply(server, '{"message":"no"}', status = 403L, headers = list(`x-amzn-ErrorType` = "AccessDeniedException"))
  }
  shown <- function(err) paste(c(deparse(conditionCall(err)), capture.output(print(err))), collapse = "\n")
  denied()
  err <- tryCatch(svc$disconnect_participant(NULL, "secret-tok-1"), error = function(e) e)
  expect_identical(deparse(conditionCall(err)), "svc$disconnect_participant(NULL, \"<redacted>\")")
  denied()
  err <- tryCatch(svc$disconnect_participant(Conn = "secret-tok-2"), error = function(e) e)
  expect_false(grepl("secret-tok-2", shown(err), fixed = TRUE))
  denied()
  # ViewToken is not flagged sensitive in the model, but it is a token
  err <- tryCatch(svc$describe_view("secret-tok-3", "secret-tok-4"), error = function(e) e)
  expect_identical(deparse(conditionCall(err)), "svc$describe_view(\"<redacted>\", \"<redacted>\")")
  denied()
  pass_on <- function(...) svc$describe_view("secret-tok-5", ...)
  err <- tryCatch(pass_on(ConnectionToken = "c"), error = function(e) e)
  expect_false(grepl("secret-tok-5", shown(err), fixed = TRUE))
})

test_that("an error naming no type prints as paws prints it: an empty code", {
  server <- scripted_server()
  svc <- scripted_client(server)
  reply(server, "<html><body>Service Unavailable</body></html>", status = 503L,
        headers = list(`Content-Type` = "text/html"))
  err <- tryCatch(svc$disconnect_participant(ConnectionToken = "tok"), error = function(e) e)
  expect_identical(class(err), paws_classes(503L))
  expect_identical(err$status_code, 503L)
  expect_identical(conditionMessage(err), " (HTTP 503). Service Unavailable")
  expect_identical(err$error_response, list())
})

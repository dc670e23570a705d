# Arguments as paws sends them: NULL and empty left out, a string where a list is due, NA refused.

test_that("a lone string, list() and c() all send a list where the model wants one", {
  server <- scripted_server()
  svc <- scripted_client(server)
  for (type in list("WEBSOCKET", list("WEBSOCKET"))) {
    reply(server)
    svc$create_participant_connection(Type = type, ParticipantToken = "tok")
    expect_identical(last_body(server), list(Type = list("WEBSOCKET")))
  }
  for (type in list(c("WEBSOCKET", "CONNECTION_CREDENTIALS"), list("WEBSOCKET", "CONNECTION_CREDENTIALS"))) {
    reply(server)
    svc$create_participant_connection(Type = type, ParticipantToken = "tok")
    expect_identical(last_body(server), list(Type = list("WEBSOCKET", "CONNECTION_CREDENTIALS")))
  }
})

test_that("TRUE and FALSE are sent as booleans; FALSE is kept", {
  server <- scripted_server()
  svc <- scripted_client(server)
  reply(server)
  svc$create_participant_connection(Type = "WEBSOCKET", ParticipantToken = "tok", ConnectParticipant = TRUE)
  expect_identical(last_body(server), list(Type = list("WEBSOCKET"), ConnectParticipant = TRUE))
  reply(server)
  svc$create_participant_connection(Type = "WEBSOCKET", ParticipantToken = "tok", ConnectParticipant = FALSE)
  expect_identical(last_body(server), list(Type = list("WEBSOCKET"), ConnectParticipant = FALSE))
})

test_that("NULL and empty arguments are left out; with no body member set, no body member is sent", {
  server <- scripted_server()
  svc <- scripted_client(server)
  reply(server)
  svc$create_participant_connection(Type = NULL, ParticipantToken = "tok", ConnectParticipant = NULL)
  expect_length(last_body(server), 0L)
  reply(server)
  svc$create_participant_connection(Type = list(), ParticipantToken = "tok", ConnectParticipant = logical(0))
  expect_length(last_body(server), 0L)
})

test_that("the token goes in the X-Amz-Bearer header, never in the body", {
  server <- scripted_server()
  svc <- scripted_client(server)
  reply(server)
  svc$create_participant_connection(Type = "WEBSOCKET", ParticipantToken = "secret-token")
  request <- server$last_request()
  expect_identical(request$headers[["x-amz-bearer"]], "secret-token")
  expect_false(grepl("secret-token", request$body, fixed = TRUE))
})

test_that("R numbers for integer members are sent as integers, nested structures as objects", {
  server <- scripted_server()
  svc <- scripted_client(server)
  reply(server)
  svc$get_transcript(
    ConnectionToken = "tok", MaxResults = 15, ScanDirection = "BACKWARD", SortOrder = "ASCENDING",
    StartPosition = list(MostRecent = 3, Id = NULL)
  )
  expect_identical(server$last_request()$body, paste0(
    '{"MaxResults":15,"ScanDirection":"BACKWARD","SortOrder":"ASCENDING",',
    '"StartPosition":{"MostRecent":3}}'
  ))
  expect_identical(server$last_request()$path, "/participant/transcript")
})

test_that("a missing idempotency token is filled, a given one is kept", {
  server <- scripted_server()
  svc <- scripted_client(server)
  reply(server)
  svc$send_message(ContentType = "text/plain", Content = "hi", ConnectionToken = "tok")
  token <- last_body(server)$ClientToken
  expect_match(token, "^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
  reply(server)
  svc$send_message(ContentType = "text/plain", Content = "hi", ClientToken = "mine", ConnectionToken = "tok")
  expect_identical(last_body(server)$ClientToken, "mine")
})

test_that("NA is refused with an error naming the argument, and nothing is sent", {
  server <- scripted_server()
  svc <- scripted_client(server)
  cases <- list(
    list(Type = "WEBSOCKET", ParticipantToken = "tok", ConnectParticipant = NA),
    list(Type = NA_character_, ParticipantToken = "tok"),
    list(Type = c("WEBSOCKET", NA), ParticipantToken = "tok"),
    list(Type = list("WEBSOCKET", NA), ParticipantToken = "tok"),
    list(ParticipantToken = NA_character_)
  )
  wanted <- c("ConnectParticipant", "Type", "Type", "Type\\[\\[2\\]\\]", "ParticipantToken")
  for (i in seq_along(cases)) {
    err <- expect_error(
      do.call(svc$create_participant_connection, cases[[i]]),
      class = "paws_compat_param_validation_error"
    )
    expect_match(conditionMessage(err), paste0("Invalid argument ", wanted[[i]], ": NA"))
  }
  err <- expect_error(
    svc$get_transcript(ConnectionToken = "tok", StartPosition = list(MostRecent = NA_real_)),
    class = "paws_compat_error"
  )
  expect_match(conditionMessage(err), "StartPosition$MostRecent", fixed = TRUE)
  expect_length(server$requests, 0L)
})

test_that("values the model forbids are refused before sending, naming the argument", {
  server <- scripted_server()
  svc <- scripted_client(server)
  err <- expect_error(
    svc$create_participant_connection(Type = "websocket", ParticipantToken = "tok"),  # a known value, wrong case
    class = "paws_compat_param_validation_error"
  )
  expect_match(conditionMessage(err), "Type")
  err <- expect_error(
    svc$get_transcript(ConnectionToken = "tok", MaxResults = 1000),
    class = "paws_compat_param_validation_error"
  )
  expect_match(conditionMessage(err), "MaxResults")
  # Also paws' http_400 (as the service's ValidationException), so paws' handlers catch it.
  expect_true(inherits(err, "paws_error") && inherits(err, "http_400"))
  expect_identical(err$status_code, 400L)
  expect_length(server$requests, 0L)
})

test_that("validation errors speak R: TRUE/FALSE, named lists, [[i]] from 1, $ between members", {
  server <- scripted_server()
  svc <- scripted_client(server)
  msg <- function(expr) tryCatch(expr, paws_compat_param_validation_error = conditionMessage)
  expect_match(msg(svc$create_participant_connection(ParticipantToken = "t", ConnectParticipant = "yes")),
               "ConnectParticipant: .*must be TRUE or FALSE")
  expect_match(msg(svc$create_participant_connection(ParticipantToken = "t", Type = list("WEBSOCKET", 1))),
               "Type[[2]]: is a number", fixed = TRUE)
  expect_match(msg(svc$get_transcript(ConnectionToken = "t", StartPosition = list(MostRecent = 1000))),
               "StartPosition$MostRecent: is 1000 (must be 0-100)", fixed = TRUE)
  expect_match(msg(svc$get_transcript(ConnectionToken = "t", StartPosition = list("x"))),
               "must be a named list of members", fixed = TRUE)
  expect_length(server$requests, 0L)
})

# paws_compat used straight through reticulate::import() converts as the package's own results
# and conditions once paws.compat is loaded.

reticulate_chat <- function() {
  emu <- emulator()
  pair <- emu$start_chat_with_agent()
  svc <- connectparticipant(endpoint = emu$endpoint, region = "us-east-1")
  conn <- svc$create_participant_connection(Type = "CONNECTION_CREDENTIALS",
                                            ParticipantToken = pair$customer$participant_token)
  list(emu = emu, svc = svc, token = conn$ConnectionCredentials$ConnectionToken)
}

test_that("a Record from reticulate::import('paws_compat') is paws' list", {
  chat <- reticulate_chat()
  pc <- reticulate::import("paws_compat")
  py_svc <- pc$connectparticipant(endpoint = chat$emu$endpoint, region = "us-east-1")
  chat$svc$send_message(ContentType = "text/plain", Content = "hello", ConnectionToken = chat$token)
  ours <- chat$svc$get_transcript(ConnectionToken = chat$token, ScanDirection = "BACKWARD")
  theirs <- py_svc$get_transcript(ConnectionToken = chat$token, ScanDirection = "BACKWARD")
  expect_identical(theirs, ours)
  expect_true(is.list(theirs) && !inherits(theirs, "python.builtin.object"))
  expect_identical(jsonlite::toJSON(theirs), jsonlite::toJSON(ours))
})

test_that("a paws_compat exception converts to paws' condition", {
  chat <- reticulate_chat()
  pc <- reticulate::import("paws_compat")
  py_svc <- pc$connectparticipant(endpoint = chat$emu$endpoint, region = "us-east-1")
  failed <- tryCatch(py_svc$send_message(ContentType = "text/plain", Content = "x", ConnectionToken = "bad"),
                     error = function(e) e)
  cond <- reticulate::py_to_r(attr(reticulate::py_last_error(), "exception"))
  expect_s3_class(cond, c("paws_error", "http_403", "http_400", "http_error", "error", "condition"), exact = TRUE)
  expect_identical(cond$status_code, 403L)
  expect_match(conditionMessage(cond), "^AccessDeniedException \\(HTTP 403\\)")
  bad <- tryCatch(py_svc$send_message(ContentType = "", Content = "x", ConnectionToken = "t"), error = function(e) e)
  invalid <- reticulate::py_to_r(attr(reticulate::py_last_error(), "exception"))
  expect_s3_class(invalid, "http_400")
  expect_identical(invalid$status_code, 400L)
})

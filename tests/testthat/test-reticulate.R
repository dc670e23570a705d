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

test_that("a call through reticulate::import signals paws' condition itself", {
  chat <- reticulate_chat()
  pc <- reticulate::import("paws_compat")
  py_svc <- pc$connectparticipant(endpoint = chat$emu$endpoint, region = "us-east-1")
  secret <- "bad-token-value"
  denied <- tryCatch(py_svc$send_message(ContentType = "text/plain", Content = "x", ConnectionToken = "bad-token-value"),
                     http_403 = function(e) e)
  ours <- tryCatch(chat$svc$send_message(ContentType = "text/plain", Content = "x", ConnectionToken = secret),
                   http_403 = function(e) e)
  expect_identical(class(denied), class(ours))
  expect_identical(denied$status_code, 403L)
  expect_identical(denied$error_response, ours$error_response)
  expect_identical(conditionMessage(denied), conditionMessage(ours))
  # The call is the caller's, with the token replaced.
  expect_identical(denied$call[[1]], quote(py_svc$send_message))
  expect_false(grepl("bad-token-value", paste(deparse(denied$call), collapse = ""), fixed = TRUE))
  # [[ as well as $, and a validation error: paws' http_400 with the same fields as the package's.
  before <- length(chat$emu$requests)
  invalid <- tryCatch(py_svc[["send_message"]](ContentType = "", Content = "x", ConnectionToken = "t"),
                      http_400 = function(e) e)
  expect_s3_class(invalid, c("paws_compat_param_validation_error", "paws_compat_error", "paws_error", "http_400",
                             "http_error", "error", "condition"), exact = TRUE)
  expect_identical(invalid$status_code, 400L)
  expect_identical(invalid$error_response, list(message = conditionMessage(invalid)))
  expect_identical(length(chat$emu$requests), before)
})

test_that("a Python ParamValidationError carries paws' status_code and error_response", {
  pc <- reticulate::import("paws_compat", convert = FALSE)
  py_svc <- pc$connect(region = "us-east-1", credentials = list(creds = list(access_key_id = "a", secret_access_key = "b")),
                       endpoint = "http://127.0.0.1:9")
  caught <- tryCatch(py_svc$stop_contact(InstanceId = "i", ContactId = strrep("x", 300)), http_400 = function(e) e)
  exception <- attr(reticulate::py_last_error(), "exception")
  expect_identical(reticulate::py_to_r(exception$status_code), 400L)
  expect_identical(reticulate::py_to_r(exception$error_response),
                   list(message = reticulate::py_to_r(exception$message)))
  expect_identical(caught$status_code, 400L)
  expect_match(caught$error_response$message, "ContactId: has 300 characters")
})

test_that("the module's own functions and a chat session signal the package's conditions", {
  pc <- reticulate::import("paws_compat")
  config <- tryCatch(pc$connectparticipant(config = list(no_such_key = 1)), paws_compat_config_error = function(e) e)
  expect_s3_class(config, c("paws_compat_config_error", "paws_compat_error", "error", "condition"), exact = TRUE)
  expect_match(conditionMessage(config), "no_such_key")
  region <- tryCatch(pc$connect(credentials = list(creds = list(access_key_id = "a", secret_access_key = "b"))),
                     paws_compat_config_error = function(e) e)
  expect_match(conditionMessage(region), "region")
  # A Python error that is not one of paws_compat's passes through as reticulate raised it.
  other <- tryCatch(pc$Config(no_such_argument = 1), error = function(e) e)
  expect_false(inherits(other, "paws_compat_error"))
  expect_match(conditionMessage(other), "TypeError")
  chat <- reticulate_chat()
  py_svc <- pc$connectparticipant(endpoint = chat$emu$endpoint, region = "us-east-1")
  session <- pc$chat$ChatSession(py_svc, chat$emu$start_chat_with_agent()$customer$participant_token)
  early <- tryCatch(session$send_message(content = "x"), paws_compat_chat_session_error = function(e) e)
  expect_s3_class(early, c("paws_compat_chat_session_error", "paws_compat_error", "error", "condition"), exact = TRUE)
  expect_match(conditionMessage(early), "call start\\(\\) first")
})

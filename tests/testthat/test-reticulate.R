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

ours_denied_message <- function(chat) {
  tryCatch(chat$svc$get_transcript(ConnectionToken = "bad-token-value"), http_403 = function(e) e)$error_response$message
}

test_that("a paginator iterated through reticulate signals paws' condition", {
  chat <- reticulate_chat()
  for (i in 1:5) chat$svc$send_message(ContentType = "text/plain", Content = paste0("m", i), ConnectionToken = chat$token)
  pc <- reticulate::import("paws_compat")
  py_svc <- pc$connectparticipant(endpoint = chat$emu$endpoint, region = "us-east-1")
  paginator <- py_svc$get_paginator("get_transcript")
  # The pages (reticulate's iterate() leaves each a Python Record) convert to paws' lists,
  # identical to paws.compat's paginate() of the same calls.
  pages <- reticulate::iterate(paginator$paginate(ConnectionToken = chat$token, SortOrder = "ASCENDING",
                                                  PaginationConfig = list(PageSize = 2L)))
  ours <- paginate(chat$svc$get_transcript(ConnectionToken = chat$token, SortOrder = "ASCENDING"), PageSize = 2)
  expect_gte(length(ours), 3L)
  expect_identical(lapply(pages, reticulate::py_to_r), ours)
  # as.list() of a page iterator, and so lapply() and sapply() over one, give paws' lists directly.
  again <- function() paginator$paginate(ConnectionToken = chat$token, SortOrder = "ASCENDING",
                                         PaginationConfig = list(PageSize = 2L))
  expect_identical(as.list(again()), ours)
  expect_identical(lapply(again(), function(page) page), ours)
  expect_identical(sapply(again(), function(page) length(page$Transcript)),
                   vapply(ours, function(page) length(page$Transcript), 1L))
  listed <- tryCatch(as.list(paginator$paginate(ConnectionToken = "bad-token-value")), http_403 = function(e) e)
  expect_identical(listed$status_code, 403L)
  expect_false(grepl("bad-token-value", paste(deparse(conditionCall(listed)), collapse = ""), fixed = TRUE))
  expect_identical(pc$paginate(py_svc$get_transcript, ConnectionToken = chat$token, SortOrder = "ASCENDING",
                               PageSize = 2L), ours)
  # A page's error, met while iterating (iterate(), as_iterator() and iter_next()), is paws' condition.
  denied <- tryCatch(reticulate::iterate(paginator$paginate(ConnectionToken = "bad-token-value")),
                     http_403 = function(e) e)
  expect_s3_class(denied, c("paws_error", "http_403", "http_400", "http_error", "error", "condition"), exact = TRUE)
  expect_identical(denied$status_code, 403L)
  expect_identical(denied$error_response$message, ours_denied_message(chat))
  stepped <- tryCatch(reticulate::iter_next(reticulate::as_iterator(paginator$paginate(ConnectionToken = "bad"))),
                      http_403 = function(e) e)
  expect_identical(stepped$status_code, 403L)
  full <- tryCatch(paginator$paginate(ConnectionToken = "bad")$build_full_result(), http_403 = function(e) e)
  expect_identical(full$status_code, 403L)
  config <- tryCatch(paginator$paginate(ConnectionToken = "t", PaginationConfig = list(Size = 1L)),
                     http_400 = function(e) e)
  expect_s3_class(config, "paws_compat_param_validation_error")
  expect_match(conditionMessage(config), "PaginationConfig.Size")
  wrong <- tryCatch(py_svc$get_paginator("send_message"), paws_compat_error = function(e) e)
  expect_match(conditionMessage(wrong), "'send_message' cannot be paginated")
  for (cond in list(denied, stepped, full)) {
    expect_false(grepl("bad-token-value", paste(c(conditionMessage(cond), deparse(conditionCall(cond)),
                                                  capture.output(print(cond))), collapse = ""), fixed = TRUE))
  }
})

test_that("constructors reached through submodules are guarded, and their objects too", {
  chat <- reticulate_chat()
  pc <- reticulate::import("paws_compat")
  py_svc <- pc$connectparticipant(endpoint = chat$emu$endpoint, region = "us-east-1")
  expect_s3_class(pc$chat, "paws_compat_python")
  session <- pc$chat$ChatSession(py_svc, "bad-participant-token", config = pc$chat$ChatConfig$fast())
  failed <- tryCatch(session$start(timeout = 10), http_403 = function(e) e)
  expect_identical(failed$status_code, 403L)
  expect_s3_class(pc$chat[["AsyncChatSession"]](py_svc, "bad-participant-token"), "paws_compat_python")
  # A setting a chat session does not have is paws' http_400 condition, naming it.
  made <- tryCatch(pc$chat$ChatSession(py_svc, "bad-participant-token", no_such_option = 1),
                   http_400 = function(e) e)
  expect_s3_class(made, "paws_compat_param_validation_error")
  expect_match(conditionMessage(made), "no_such_option: is not a setting of a chat session", fixed = TRUE)
  # A Python error of another kind (a TypeError here) passes through as reticulate raised it.
  other <- tryCatch(pc$chat$ChatSession(py_svc, "bad-participant-token", TRUE, "one too many"),
                    error = function(e) e)
  expect_false(inherits(other, "paws_compat_error"))
  expect_match(conditionMessage(other), "positional argument")
  # A token written by position in a call of a paws_compat callable is replaced in the condition's
  # call (the parameter's name, read from the Python signature, says secret); other values stay.
  redacted <- paws.compat:::redact_python_call(quote(pc$chat$ChatSession(py_svc, "bad-participant-token", FALSE)),
                                                pc$chat$ChatSession)
  expect_identical(redacted, quote(pc$chat$ChatSession(py_svc, "<redacted>", FALSE)))
  for (cond in list(failed, made, other)) {
    shown <- paste(c(conditionMessage(cond), deparse(conditionCall(cond)), capture.output(print(cond))), collapse = "\n")
    expect_false(grepl("bad-participant-token", shown, fixed = TRUE))
  }
})

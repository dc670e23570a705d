# chat_session(): a real websocket to the emulator, items in paws' shape.

item_names <- c("AbsoluteTime", "Content", "ContentType", "Id", "Type", "ParticipantId", "DisplayName",
                "ParticipantRole", "Attachments", "MessageMetadata", "RelatedContactId", "ContactId")

# Poll until an item satisfying `want` arrives (each poll waits inside Python, bounded).
# Poll until an item `want`s it, or NULL after `seconds` (a deadline: a busy machine or a chat
# with many other items must not make the test give up early).
poll_until <- function(chat, want, seconds = 30) {
  deadline <- Sys.time() + seconds
  while (Sys.time() < deadline) {
    for (item in chat$poll(timeout = 0.5)) if (want(item)) return(item)
  }
  NULL
}

test_that("a customer's session receives the agent's message as a paws item, and sends", {
  emu <- emulator()
  pair <- emu$start_chat_with_agent(customer_name = "Customer", agent_name = "Agent")
  svc <- connectparticipant(endpoint = emu$endpoint, region = "us-east-1")
  chat <- chat_session(svc, ParticipantToken = pair$customer$participant_token)
  on.exit(chat$close(), add = TRUE)
  expect_s3_class(chat, "paws_compat_chat_session")
  expect_identical(chat$state(), "connected")
  expect_output(print(chat), "<paws.compat chat session: connected>", fixed = TRUE)
  expect_false(grepl(pair$customer$participant_token, paste(capture.output(print(chat)), collapse = ""),
                     fixed = TRUE))

  agent <- svc$create_participant_connection(Type = "CONNECTION_CREDENTIALS",
                                             ParticipantToken = pair$agent$participant_token,
                                             ConnectParticipant = TRUE)
  svc$send_message(ContentType = "text/plain", Content = "How can I help?",
                   ConnectionToken = agent$ConnectionCredentials$ConnectionToken)
  got <- poll_until(chat, function(item) identical(item$Content, "How can I help?"))
  expect_false(is.null(got))
  expect_identical(names(got), item_names)
  expect_identical(got$ParticipantRole, "AGENT")
  expect_identical(got$DisplayName, "Agent")
  expect_identical(got$Attachments, list())

  sent <- chat$send_message("Hello from R")
  expect_identical(names(sent), c("Id", "AbsoluteTime", "MessageMetadata"))
  everything <- chat$transcript_all()
  expect_true(sent$Id %in% vapply(everything, function(item) item$Id, ""))
  own <- poll_until(chat, function(item) identical(item$Id, sent$Id))
  expect_identical(own$Content, "Hello from R")
  expect_identical(own$ParticipantRole, "CUSTOMER")
  for (i in 1:20) if (length(chat$poll(timeout = 0.2)) == 0) break
  expect_identical(chat$poll(timeout = 0), list())

  chat$disconnect()
  expect_true(chat$ended())
})

test_that("a refused token is paws' condition; bad arguments are R errors", {
  emu <- emulator()
  svc <- connectparticipant(endpoint = emu$endpoint, region = "us-east-1")
  err <- tryCatch(chat_session(svc, ParticipantToken = "not-a-token", timeout = 10), error = function(e) e)
  expect_true(inherits(err, "paws_error"))
  expect_identical(err$status_code, 403L)
  expect_identical(deparse(conditionCall(err)),
                   "chat_session(svc, ParticipantToken = \"<redacted>\", timeout = 10)")
  err <- tryCatch(chat_session(svc, "not-a-token-either", timeout = 10), error = function(e) e)
  expect_false(grepl("not-a-token-either", paste(deparse(conditionCall(err)), collapse = ""), fixed = TRUE))
  expect_error(chat_session(svc, ParticipantToken = NA_character_), "Invalid argument ParticipantToken")
  expect_error(chat_session(list(), ParticipantToken = "x"), "made by paws.compat::connectparticipant")
})

test_that("a chat session's bad setting is paws' http_400 condition, naming it, before joining", {
  emu <- emulator()
  svc <- connectparticipant(endpoint = emu$endpoint, region = "us-east-1")
  token <- emu$start_chat_with_agent()$customer$participant_token
  bad <- tryCatch(chat_session(svc, token, open_timeout = -1), http_400 = function(e) e)
  expect_s3_class(bad, "paws_compat_param_validation_error")
  expect_identical(bad$status_code, 400L)
  expect_match(conditionMessage(bad), "open_timeout: is -1 (must be a number > 0)", fixed = TRUE)
  expect_identical(bad$error_response$message, conditionMessage(bad))
  typo <- tryCatch(chat_session(svc, token, open_timout = 1), http_400 = function(e) e)
  expect_match(conditionMessage(typo), "open_timout: is not a setting of a chat session", fixed = TRUE)
  whole <- tryCatch(chat_session(svc, token, queue_max = 2.5), paws_error = function(e) e)
  expect_match(conditionMessage(whole), "queue_max: is 2.5 (must be a whole number > 0)", fixed = TRUE)
  shown <- paste(c(conditionMessage(bad), deparse(conditionCall(bad)), conditionMessage(typo)), collapse = "\n")
  expect_false(grepl(token, shown, fixed = TRUE))
  # Through reticulate, ChatConfig's own check is the same condition.
  pc <- reticulate::import("paws_compat")
  config <- tryCatch(pc$chat$ChatConfig(heartbeat_interval = 0), http_400 = function(e) e)
  expect_s3_class(config, c("paws_compat_param_validation_error", "paws_error", "http_400"))
  expect_match(conditionMessage(config), "heartbeat_interval: is 0 (must be a number > 0)", fixed = TRUE)
})

test_that("chat_session() on a backend without chat sessions is the package's condition, the token not in it", {
  real <- paws.compat:::current_backend()
  partial <- real[c("model_file", "new_client", "call")]
  partial$name <- "partial"
  old <- paws.compat:::use_backend(partial)
  on.exit(paws.compat:::use_backend(old))
  svc <- connectparticipant(endpoint = "http://127.0.0.1:9", region = "us-east-1")
  refused <- tryCatch(chat_session(svc, "secret-participant-token"), paws_compat_error = function(e) e)
  expect_s3_class(refused, c("paws_compat_unsupported_error", "paws_compat_error", "error", "condition"), exact = TRUE)
  expect_match(conditionMessage(refused), "chat sessions need paws.compat's reticulate backend (not the partial one)",
               fixed = TRUE)
  shown <- paste(c(conditionMessage(refused), deparse(conditionCall(refused)), capture.output(print(refused))),
                 collapse = "\n")
  expect_false(grepl("secret-participant-token", shown, fixed = TRUE))
  expect_match(shown, "<redacted>", fixed = TRUE)
})

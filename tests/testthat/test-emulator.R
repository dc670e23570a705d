# End to end against the project's emulator: a real chat, all 11 operations, real errors.

emulator_client <- function(emu, ...) {
  connectparticipant(endpoint = emu$endpoint, region = "us-east-1", ...)
}

# A customer who has joined a chat with an agent: the client and the connection token.
joined_customer <- function() {
  emu <- emulator()
  pair <- emu$start_chat_with_agent()
  svc <- emulator_client(emu)
  conn <- svc$create_participant_connection(
    Type = list("WEBSOCKET", "CONNECTION_CREDENTIALS"),
    ParticipantToken = pair$customer$participant_token,
    ConnectParticipant = TRUE
  )
  list(emu = emu, svc = svc, pair = pair, conn = conn, token = conn$ConnectionCredentials$ConnectionToken)
}

put_attachment <- function(upload, content) {
  requests <- reticulate::import("requests")
  headers <- reticulate::dict(upload$UploadMetadata$HeadersToInclude)
  answer <- requests$put(upload$UploadMetadata$Url, data = content, headers = headers, timeout = 10)
  answer$status_code
}

test_that("create_participant_connection gives paws' shape with real values", {
  chat <- joined_customer()
  conn <- chat$conn
  expect_identical(names(conn), c("Websocket", "ConnectionCredentials", "WebRTCConnection"))
  expect_type(conn$Websocket$Url, "character")
  expect_length(conn$Websocket$Url, 1L)
  expect_match(conn$Websocket$Url, "^wss?://")
  expect_match(conn$Websocket$ConnectionExpiry, "^\\d{4}-\\d\\d-\\d\\dT")
  expect_length(chat$token, 1L)
  expect_identical(conn$WebRTCConnection$Attendee, list(AttendeeId = character(0), JoinToken = character(0)))
  expect_identical(conn$WebRTCConnection$Meeting$MeetingId, character(0))
})

test_that("messages, events and the transcript round-trip with paws' types", {
  chat <- joined_customer()
  svc <- chat$svc
  sent <- svc$send_message(ContentType = "text/plain", Content = "hello from R \u00e9", ConnectionToken = chat$token)
  expect_identical(names(sent), c("Id", "AbsoluteTime", "MessageMetadata"))
  expect_type(sent$Id, "character")
  expect_identical(names(sent$MessageMetadata), "MessageProcessingStatus")
  event <- svc$send_event(ContentType = "application/vnd.amazonaws.connect.event.typing",
                          ConnectionToken = chat$token)
  expect_identical(names(event), c("Id", "AbsoluteTime"))
  transcript <- svc$get_transcript(ConnectionToken = chat$token, SortOrder = "ASCENDING", MaxResults = 100)
  expect_identical(names(transcript), c("InitialContactId", "Transcript", "NextToken"))
  expect_null(names(transcript$Transcript))
  mine <- Filter(function(item) identical(item$Id, sent$Id), transcript$Transcript)
  expect_length(mine, 1L)
  item <- mine[[1]]
  expect_identical(names(item), c(
    "AbsoluteTime", "Content", "ContentType", "Id", "Type", "ParticipantId", "DisplayName",
    "ParticipantRole", "Attachments", "MessageMetadata", "RelatedContactId", "ContactId"
  ))
  expect_identical(item$Content, "hello from R \u00e9")
  expect_identical(item$Type, "MESSAGE")
  expect_identical(item$ParticipantRole, "CUSTOMER")
  expect_identical(item$Attachments, list())
  start <- svc$get_transcript(ConnectionToken = chat$token, StartPosition = list(Id = sent$Id),
                              ScanDirection = "FORWARD", SortOrder = "ASCENDING")
  expect_identical(start$Transcript[[1]]$Id, sent$Id)
})

test_that("attachments: start, upload, complete and get, with typed results", {
  chat <- joined_customer()
  svc <- chat$svc
  content <- "attachment body"
  upload <- svc$start_attachment_upload(
    ContentType = "text/plain", AttachmentSizeInBytes = nchar(content), AttachmentName = "note.txt",
    ClientToken = "r-upload-1", ConnectionToken = chat$token
  )
  expect_identical(names(upload), c("AttachmentId", "UploadMetadata"))
  expect_identical(names(upload$UploadMetadata), c("Url", "UrlExpiry", "HeadersToInclude"))
  expect_true(is.list(upload$UploadMetadata$HeadersToInclude))
  expect_equal(put_attachment(upload, content), 200L)
  done <- svc$complete_attachment_upload(AttachmentIds = upload$AttachmentId, ClientToken = "r-complete-1",
                                         ConnectionToken = chat$token)
  expect_identical(done, list())
  got <- svc$get_attachment(AttachmentId = upload$AttachmentId, ConnectionToken = chat$token,
                            UrlExpiryInSeconds = 60)
  expect_identical(names(got), c("Url", "UrlExpiry", "AttachmentSizeInBytes"))
  expect_identical(got$AttachmentSizeInBytes, as.numeric(nchar(content)))
})

test_that("describe_view: actions as paws gives them, sensitive members included", {
  chat <- joined_customer()
  one <- chat$emu$add_view("Form", template = "{\"t\":1}", actions = list("Submit"), version = 2L)
  view <- chat$svc$describe_view(ViewToken = one, ConnectionToken = chat$token)$View
  expect_identical(names(view), c("Id", "Arn", "Name", "Version", "Content"))
  expect_identical(view$Name, "Form")
  expect_identical(view$Version, 2)
  expect_identical(view$Content, list(InputSchema = "{}", Template = "{\"t\":1}", Actions = "Submit"))
  none <- chat$emu$add_view("Empty")
  expect_identical(chat$svc$describe_view(ViewToken = none, ConnectionToken = chat$token)$View$Content$Actions,
                   list())
  err <- tryCatch(chat$svc$describe_view(ViewToken = "no-such-view", ConnectionToken = chat$token),
                  http_404 = function(e) e)
  expect_identical(class(err), c("paws_error", "http_404", "http_400", "http_error", "error", "condition"))
  expect_match(conditionMessage(err), "^ResourceNotFoundException \\(HTTP 404\\). ")
})

test_that("authentication URL and its cancellation", {
  chat <- joined_customer()
  session <- "8a3b9c1d-2e4f-4a5b-9c6d-7e8f9a0b1c2d"
  auth <- chat$svc$get_authentication_url(SessionId = session, RedirectUri = "https://example.org/back",
                                          ConnectionToken = chat$token)
  expect_identical(names(auth), "AuthenticationUrl")
  expect_match(auth$AuthenticationUrl, session, fixed = TRUE)
  expect_identical(chat$svc$cancel_participant_authentication(SessionId = session, ConnectionToken = chat$token),
                   list())
})

test_that("after disconnect_participant the token is refused with paws' 403 condition", {
  chat <- joined_customer()
  expect_identical(chat$svc$disconnect_participant(ConnectionToken = chat$token), list())
  err <- tryCatch(
    chat$svc$send_message(ContentType = "text/plain", Content = "late", ConnectionToken = chat$token),
    http_403 = function(e) e
  )
  expect_true(inherits(err, "paws_error"))
  expect_identical(err$status_code, 403L)
  expect_match(conditionMessage(err), "^AccessDeniedException \\(HTTP 403\\). ")
  expect_type(err$error_response$message, "character")
})

test_that("every modelled error, injected by the emulator, is paws' condition", {
  chat <- joined_customer()
  svc <- emulator_client(chat$emu, config = list(max_retries = 1))
  shapes <- python_model()$error_shapes
  for (code in names(shapes)) {
    status <- as.integer(shapes[[code]]$error_status)
    chat$emu$faults$add(operation = "SendEvent", status = status, error_type = code, message = "injected")
    err <- tryCatch(
      svc$send_event(ContentType = "application/vnd.amazonaws.connect.event.typing", ConnectionToken = chat$token),
      paws_error = function(e) e
    )
    classes <- unique(c("paws_error", paste0("http_", status), paste0("http_", status %/% 100L * 100L),
                        "http_error", "error", "condition"))
    expect_identical(class(err), classes, label = code)
    expect_identical(err$status_code, status, label = code)
    expect_identical(conditionMessage(err), sprintf("%s (HTTP %d). injected", code, status))
  }
  chat$emu$faults$clear()
})

test_that("retries are real: a throttled call succeeds on its next attempt", {
  chat <- joined_customer()
  chat$emu$faults$add(operation = "SendMessage", status = 429L, count = 1L)
  sent <- chat$svc$send_message(ContentType = "text/plain", Content = "after a retry", ConnectionToken = chat$token)
  expect_type(sent$Id, "character")
  chat$emu$faults$clear()
})

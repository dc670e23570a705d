# paws.compat::connect(): Amazon Connect's chat start, signed, with paws' result shapes.

connect_client <- function(emu) {
  connect(endpoint = emu$endpoint, region = "us-east-1",
          credentials = list(creds = list(access_key_id = "AKIDTESTTHAT", secret_access_key = "tt-secret")))
}

test_that("connect() has paws' operations and formals", {
  svc <- connect(region = "us-east-1", credentials = list(creds = list(access_key_id = "a", secret_access_key = "b")))
  expect_true(all(c("start_chat_contact", "stop_contact", "create_participant", "describe_contact",
                    "start_contact_streaming", "stop_contact_streaming", "update_contact_attributes",
                    "get_contact_attributes") %in% names(svc)))
  expect_identical(names(formals(svc$stop_contact))[1:2], c("ContactId", "InstanceId"))
  expect_false("send_message" %in% names(svc))
})

test_that("start_chat_contact and describe_contact give paws' shapes, signed and verified", {
  emu <- emulator()
  emu$signatures$register("AKIDTESTTHAT", "tt-secret")
  on.exit(emu$signatures$clear())
  svc <- connect_client(emu)
  chat <- svc$start_chat_contact(InstanceId = "inst", ContactFlowId = "flow",
                                 ParticipantDetails = list(DisplayName = "Customer"))
  expect_identical(names(chat), c("ContactId", "ParticipantId", "ParticipantToken", "ContinuedFromContactId",
                                  "ConnectionCredentials", "Websocket", "StreamingId"))
  expect_identical(chat$ContinuedFromContactId, character(0))
  expect_identical(chat$Websocket, list(Url = character(0), ConnectionExpiry = character(0)))
  contact <- svc$describe_contact(InstanceId = "inst", ContactId = chat$ContactId)$Contact
  expect_identical(contact$Id, chat$ContactId)
  # paws' timestamps: ISOdatetime(1970, 1, 1, tz = "GMT") + seconds; absent ones are empty POSIXct.
  expect_s3_class(contact$InitiationTimestamp, "POSIXct")
  expect_identical(attr(contact$InitiationTimestamp, "tzone"), "GMT")
  expect_identical(contact$DisconnectTimestamp, ISOdatetime(1970, 1, 1, 0, 0, 0, tz = "GMT") + numeric(0))
  expect_identical(svc$stop_contact(InstanceId = "inst", ContactId = chat$ContactId), list())
})

test_that("a wrong signature is refused as the service refuses it", {
  emu <- emulator()
  emu$signatures$register("AKIDTESTTHAT", "another-secret")
  on.exit(emu$signatures$clear())
  e <- tryCatch(connect_client(emu)$start_chat_contact(InstanceId = "i", ContactFlowId = "f",
                                                       ParticipantDetails = list(DisplayName = "C")),
                http_403 = function(e) e)
  expect_s3_class(e, "paws_error")
  expect_identical(e$status_code, 403L)
  expect_match(conditionMessage(e), "^InvalidSignatureException \\(HTTP 403\\)")
  expect_false(grepl("tt-secret", conditionMessage(e), fixed = TRUE))
})

test_that("a client-side validation error is paws' http_400 and nothing is sent", {
  emu <- emulator()
  svc <- connect_client(emu)
  before <- length(emu$requests)
  e <- tryCatch(svc$stop_contact(InstanceId = "inst", ContactId = strrep("x", 300)), http_400 = function(e) e)
  expect_s3_class(e, c("paws_compat_param_validation_error", "paws_compat_error", "paws_error", "http_400",
                       "http_error", "error", "condition"), exact = TRUE)
  expect_identical(e$status_code, 400L)
  expect_identical(e$error_response, list(message = conditionMessage(e)))
  r_side <- tryCatch(svc$stop_contact(InstanceId = NA, ContactId = "c"), http_400 = function(e) e)
  expect_identical(r_side$status_code, 400L)
  expect_identical(length(emu$requests), before)
})

test_that("a paws config shared with other services is accepted", {
  svc <- connectparticipant(region = "us-east-1", config = list(s3_force_path_style = TRUE, sts_regional_endpoint = "regional",
                                                                 signature_version = "v4", disable_ssl = FALSE))
  expect_true(is.function(svc$send_message))
})

test_that("every Connect operation of connect() is served by the emulator, signed and verified", {
  emu <- emulator()
  emu$signatures$register("AKIDTESTTHAT", "tt-secret")
  on.exit(emu$signatures$clear())
  svc <- connect_client(emu)
  stream <- list(StreamingEndpointArn = "arn:aws:sns:us-east-1:123456789012:chat-stream")
  chat <- svc$start_chat_contact(InstanceId = "r-inst", ContactFlowId = "flow", Attributes = list(lang = "en"),
                                 ParticipantDetails = list(DisplayName = "Customer"),
                                 ChatStreamingConfiguration = stream)
  expect_true(nzchar(chat$StreamingId))
  contact <- list(InstanceId = "r-inst", ContactId = chat$ContactId)
  streaming <- do.call(svc$start_contact_streaming, c(contact, list(ChatStreamingConfiguration = stream,
                                                                    ClientToken = "r-once")))
  expect_identical(names(streaming), "StreamingId")
  expect_identical(do.call(svc$stop_contact_streaming, c(contact, list(StreamingId = streaming$StreamingId))), list())

  expect_identical(svc$update_contact_attributes(InstanceId = "r-inst", InitialContactId = chat$ContactId,
                                                 Attributes = list(tier = "gold")), list())
  attributes <- svc$get_contact_attributes(InstanceId = "r-inst", InitialContactId = chat$ContactId)
  expect_identical(attributes, list(Attributes = list(lang = "en", tier = "gold")))

  do.call(svc$update_contact, c(contact, list(Name = "Refund", References = list(
    order = list(Type = "URL", Value = "https://x.test/1")))))
  refs <- do.call(svc$list_contact_references, c(contact, list(ReferenceTypes = "URL")))
  expect_identical(names(refs), c("ReferenceSummaryList", "NextToken"))
  summary <- refs$ReferenceSummaryList[[1]]
  # A union member of a result is paws' list of every member, the unset ones empty.
  expect_identical(names(summary), c("Url", "Attachment", "EmailMessage", "EmailMessageRedacted", "EmailMessagePlainText",
                                     "EmailMessagePlainTextRedacted", "String", "Number", "Date", "Email",
                                     "ContactAnalysis"))
  expect_identical(summary$Url, list(Name = "order", Value = "https://x.test/1"))
  expect_identical(summary$String, list(Name = character(0), Value = character(0)))
  expect_identical(do.call(svc$describe_contact, contact)$Contact$Name, "Refund")

  timer <- list(ParticipantRole = "CUSTOMER", TimerType = "IDLE", TimerValue = list(ParticipantTimerDurationInMinutes = 5))
  expect_identical(do.call(svc$update_participant_role_config,
                           c(contact, list(ChannelConfiguration = list(Chat = list(ParticipantTimerConfigList = list(timer)))))),
                   list())
  outbound <- svc$start_outbound_chat_contact(
    InstanceId = "r-inst", ContactFlowId = "flow",
    SourceEndpoint = list(Type = "CONNECT_PHONENUMBER_ARN", Address = "arn:aws:connect:us-east-1:123456789012:instance/i/phone-number/p"),
    DestinationEndpoint = list(Type = "TELEPHONE_NUMBER", Address = "+15555550100"),
    SegmentAttributes = list(`connect:Subtype` = list(ValueString = "connect:SMS")))
  expect_identical(svc$describe_contact(InstanceId = "r-inst", ContactId = outbound$ContactId)$Contact$InitiationMethod,
                   "OUTBOUND")
  event <- svc$send_chat_integration_event(SourceId = "+15555550111", DestinationId = "r-inst", Subtype = "connect:SMS",
                                           Event = list(Type = "MESSAGE", ContentType = "text/plain", Content = "hi"))
  expect_identical(names(event), c("InitialContactId", "NewChatCreated"))
  expect_true(event$NewChatCreated)
  refused <- tryCatch(do.call(svc$transfer_contact, c(contact, list(ContactFlowId = "flow", QueueId = "q"))),
                      http_400 = function(e) e)
  expect_match(conditionMessage(refused), "^InvalidRequestException \\(HTTP 400\\)")
  expect_identical(do.call(svc$stop_contact, contact), list())
})

test_that("a union argument needs exactly one member: paws' http_400 naming it and the rule, nothing sent", {
  emu <- emulator()
  svc <- connect_client(emu)
  chat <- svc$start_chat_contact(InstanceId = "r-union", ContactFlowId = "flow",
                                 ParticipantDetails = list(DisplayName = "Customer"))
  timers <- function(value) {
    list(Chat = list(ParticipantTimerConfigList = list(list(ParticipantRole = "AGENT", TimerType = "IDLE",
                                                            TimerValue = value))))
  }
  before <- length(emu$requests)
  e <- tryCatch(svc$update_participant_role_config(
    InstanceId = "r-union", ContactId = chat$ContactId,
    ChannelConfiguration = timers(list(ParticipantTimerAction = "Unset", ParticipantTimerDurationInMinutes = 5))),
    http_400 = function(e) e)
  expect_s3_class(e, "paws_compat_param_validation_error")
  expect_identical(e$status_code, 400L)
  expect_match(conditionMessage(e), paste0(
    "ChannelConfiguration$Chat$ParticipantTimerConfigList[[1]]$TimerValue: has 2 members set ",
    "(ParticipantTimerAction, ParticipantTimerDurationInMinutes) (a union: set exactly one of ",
    "ParticipantTimerAction, ParticipantTimerDurationInMinutes)"), fixed = TRUE)
  expect_identical(length(emu$requests), before)
  expect_identical(svc$update_participant_role_config(InstanceId = "r-union", ContactId = chat$ContactId,
                                                      ChannelConfiguration = timers(list(ParticipantTimerAction = "Unset"))),
                   list())
  expect_identical(length(emu$requests), before + 1L)
})

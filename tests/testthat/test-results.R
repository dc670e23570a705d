# Results identical() to paws' for the same server response: every member, model order, R types.

empty_webrtc <- list(
  Attendee = list(AttendeeId = character(0), JoinToken = character(0)),
  Meeting = list(
    MediaPlacement = list(
      AudioHostUrl = character(0), AudioFallbackUrl = character(0),
      SignalingUrl = character(0), EventIngestionUrl = character(0)
    ),
    MeetingFeatures = list(Audio = list(EchoReduction = character(0))),
    MeetingId = character(0)
  )
)

connect <- function(server, body) {
  reply(server, body)
  svc <- scripted_client(server)
  svc$create_participant_connection(Type = "WEBSOCKET", ParticipantToken = "tok")
}

test_that("a partial response is filled with typed empties, in model order (paws-parity example)", {
  server <- scripted_server()
  out <- connect(server, '{"Websocket":{"Url":"wss://x","ConnectionExpiry":"2019-11-25T21:56:46.045Z"}}')
  expect_identical(out, list(
    Websocket = list(Url = "wss://x", ConnectionExpiry = "2019-11-25T21:56:46.045Z"),
    ConnectionCredentials = list(ConnectionToken = character(0), Expiry = character(0)),
    WebRTCConnection = empty_webrtc
  ))
})

test_that("a full response keeps every value, reordered to model order, unknown members dropped", {
  server <- scripted_server()
  out <- connect(server, paste0(
    '{"WebRTCConnection":{"Meeting":{"MeetingId":"0f2b1a4c-0000-4000-8000-000000000001",',
    '"MeetingFeatures":{"Audio":{"EchoReduction":"AVAILABLE"}},',
    '"MediaPlacement":{"SignalingUrl":"wss://s","AudioHostUrl":"h","AudioFallbackUrl":"f",',
    '"EventIngestionUrl":"e"}},"Attendee":{"JoinToken":"j","AttendeeId":"a"}},',
    '"ConnectionCredentials":{"Expiry":"2030-01-01T00:00:00Z","ConnectionToken":"ct"},',
    '"Websocket":{"ConnectionExpiry":"2030-01-01T00:00:00Z","Url":"wss://w"},"Extra":{"x":1}}'
  ))
  expect_identical(out, list(
    Websocket = list(Url = "wss://w", ConnectionExpiry = "2030-01-01T00:00:00Z"),
    ConnectionCredentials = list(ConnectionToken = "ct", Expiry = "2030-01-01T00:00:00Z"),
    WebRTCConnection = list(
      Attendee = list(AttendeeId = "a", JoinToken = "j"),
      Meeting = list(
        MediaPlacement = list(AudioHostUrl = "h", AudioFallbackUrl = "f", SignalingUrl = "wss://s",
                              EventIngestionUrl = "e"),
        MeetingFeatures = list(Audio = list(EchoReduction = "AVAILABLE")),
        MeetingId = "0f2b1a4c-0000-4000-8000-000000000001"
      )
    )
  ))
})

test_that("an empty object, JSON nulls and a zero-length body all give the typed empties", {
  server <- scripted_server()
  all_empty <- list(
    Websocket = list(Url = character(0), ConnectionExpiry = character(0)),
    ConnectionCredentials = list(ConnectionToken = character(0), Expiry = character(0)),
    WebRTCConnection = empty_webrtc
  )
  expect_identical(connect(server, "{}"), all_empty)
  expect_identical(connect(server, '{"Websocket":null,"ConnectionCredentials":{"Expiry":null}}'), all_empty)
  server$reply(status = 200L, body = NULL)
  svc <- scripted_client(server)
  expect_identical(svc$create_participant_connection(ParticipantToken = "tok"), all_empty)
})

test_that("operations without output members return list() whatever the body", {
  server <- scripted_server()
  svc <- scripted_client(server)
  reply(server, '{"Unexpected":"x"}')
  expect_identical(svc$disconnect_participant(ConnectionToken = "tok"), list())
  reply(server)
  expect_identical(svc$complete_attachment_upload(AttachmentIds = "a1", ClientToken = "c", ConnectionToken = "tok"),
                   list())
  reply(server, NULL)
  expect_identical(
    svc$cancel_participant_authentication(SessionId = strrep("a", 36), ConnectionToken = "tok"),
    list()
  )
})

item <- function(...) {
  filled <- list(
    AbsoluteTime = character(0), Content = character(0), ContentType = character(0), Id = character(0),
    Type = character(0), ParticipantId = character(0), DisplayName = character(0),
    ParticipantRole = character(0), Attachments = list(),
    MessageMetadata = list(MessageId = character(0), Receipts = list(), MessageProcessingStatus = character(0)),
    RelatedContactId = character(0), ContactId = character(0)
  )
  given <- list(...)
  for (name in names(given)) filled[name] <- list(given[[name]])
  filled
}

test_that("a list of structures is an unnamed list of fully filled items; empty lists are list()", {
  server <- scripted_server()
  svc <- scripted_client(server)
  reply(server, paste0(
    '{"InitialContactId":"c0","NextToken":"n","Transcript":[',
    '{"Id":"i1","Type":"MESSAGE","Content":"hi","ContentType":"text/plain","AbsoluteTime":"t1",',
    '"ParticipantRole":"CUSTOMER","MessageMetadata":{"MessageId":"i1","Receipts":[',
    '{"RecipientParticipantId":"p2","DeliveredTimestamp":"t2"}]}},',
    '{"Id":"i2","Type":"ATTACHMENT","Attachments":[{"AttachmentId":"a1","Status":"APPROVED"}]},',
    '{"Id":"i3","Attachments":[],"MessageMetadata":{}}]}'
  ))
  out <- svc$get_transcript(ConnectionToken = "tok")
  expect_identical(names(out), c("InitialContactId", "Transcript", "NextToken"))
  expect_identical(out$InitialContactId, "c0")
  expect_identical(out$NextToken, "n")
  expect_identical(out$Transcript, list(
    item(Id = "i1", Type = "MESSAGE", Content = "hi", ContentType = "text/plain", AbsoluteTime = "t1",
         ParticipantRole = "CUSTOMER",
         MessageMetadata = list(
           MessageId = "i1",
           Receipts = list(list(DeliveredTimestamp = "t2", ReadTimestamp = character(0),
                                RecipientParticipantId = "p2")),
           MessageProcessingStatus = character(0)
         )),
    item(Id = "i2", Type = "ATTACHMENT", Attachments = list(list(
      ContentType = character(0), AttachmentId = "a1", AttachmentName = character(0), Status = "APPROVED"
    ))),
    item(Id = "i3")
  ))
  reply(server, '{"Transcript":[]}')
  expect_identical(svc$get_transcript(ConnectionToken = "tok"),
                   list(InitialContactId = character(0), Transcript = list(), NextToken = character(0)))
})

test_that("a list of strings is an atomic vector, one item a plain string, none list()", {
  server <- scripted_server()
  svc <- scripted_client(server)
  view <- function(actions) {
    reply(server, list(View = list(Id = "v", Version = 3, Content = list(Actions = actions))))
    svc$describe_view(ViewToken = "vt", ConnectionToken = "tok")$View
  }
  two <- view(list("Submit", "Cancel"))
  expect_identical(two$Content$Actions, c("Submit", "Cancel"))
  expect_identical(view(list("Submit"))$Content$Actions, "Submit")
  expect_identical(view(list())$Content$Actions, list())
  expect_identical(two, list(
    Id = "v", Arn = character(0), Name = character(0), Version = 3,
    Content = list(InputSchema = character(0), Template = character(0), Actions = c("Submit", "Cancel"))
  ))
  expect_identical(server$last_request()$path, "/participant/views/vt")
})

test_that("integers and longs come back as doubles; 3.0 gives 3", {
  server <- scripted_server()
  svc <- scripted_client(server)
  reply(server, '{"Url":"https://u","UrlExpiry":"t","AttachmentSizeInBytes":3000000000}')
  out <- svc$get_attachment(AttachmentId = "a1", ConnectionToken = "tok")
  expect_identical(out, list(Url = "https://u", UrlExpiry = "t", AttachmentSizeInBytes = 3e9))
  reply(server, '{"AttachmentSizeInBytes":3.0}')
  out <- svc$get_attachment(AttachmentId = "a1", ConnectionToken = "tok")
  expect_identical(out$AttachmentSizeInBytes, 3)
  expect_identical(out$Url, character(0))
})

test_that("a map is a named list; an empty map is list() without names", {
  server <- scripted_server()
  svc <- scripted_client(server)
  upload <- function(headers) {
    reply(server, list(AttachmentId = "a1", UploadMetadata = list(Url = "https://up", HeadersToInclude = headers)))
    svc$start_attachment_upload(
      ContentType = "text/plain", AttachmentSizeInBytes = 10, AttachmentName = "a.txt", ClientToken = "c",
      ConnectionToken = "tok"
    )
  }
  out <- upload(list(`Content-Type` = "text/plain", `x-amz-meta-a` = "1"))
  expect_identical(out, list(
    AttachmentId = "a1",
    UploadMetadata = list(
      Url = "https://up", UrlExpiry = character(0),
      HeadersToInclude = list(`Content-Type` = "text/plain", `x-amz-meta-a` = "1")
    )
  ))
  empty <- upload(structure(list(), names = character(0)))
  expect_identical(empty$UploadMetadata$HeadersToInclude, list())
  expect_null(names(empty$UploadMetadata$HeadersToInclude))
})

test_that("booleans, unicode and the remaining operations come back typed from the model", {
  server <- scripted_server()
  svc <- scripted_client(server)
  reply(server, list(Id = "e1", AbsoluteTime = "t"))
  expect_identical(svc$send_event(ContentType = "application/vnd.amazonaws.connect.event.typing",
                                  ConnectionToken = "tok"),
                   list(Id = "e1", AbsoluteTime = "t"))
  reply(server, '{"Id":"m1","MessageMetadata":{"MessageProcessingStatus":"PROCESSING"}}')
  expect_identical(svc$send_message(ContentType = "text/plain", Content = "h\u00e9 \u2603", ConnectionToken = "tok"),
                   list(Id = "m1", AbsoluteTime = character(0),
                        MessageMetadata = list(MessageProcessingStatus = "PROCESSING")))
  expect_identical(last_body(server)$Content, "h\u00e9 \u2603")
  reply(server, '{"AuthenticationUrl":"https://auth/\u00e9"}')
  expect_identical(
    svc$get_authentication_url(SessionId = strrep("a", 36), RedirectUri = "https://back", ConnectionToken = "tok"),
    list(AuthenticationUrl = "https://auth/\u00e9")
  )
})

test_that("results carry no attributes beyond names", {
  server <- scripted_server()
  out <- connect(server, '{"Websocket":{"Url":"wss://x"}}')
  walk <- function(x) {
    expect_true(all(names(attributes(x)) %in% "names"))
    if (is.list(x)) for (v in x) walk(v)
  }
  walk(out)
})

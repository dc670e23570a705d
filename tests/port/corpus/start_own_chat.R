# A script that starts its own chat: Amazon Connect's StartChatContact (signed), then the
# customer's side through the Participant Service with the ParticipantToken it gave.
library(paws)

endpoint <- Sys.getenv("CHAT_ENDPOINT")
instance <- Sys.getenv("CONNECT_INSTANCE_ID")
flow <- Sys.getenv("CONNECT_FLOW_ID")

cfg <- list(endpoint = endpoint, region = "us-east-1")
connect <- paws::connect(config = cfg)
chat <- connect$start_chat_contact(
  InstanceId = instance,
  ContactFlowId = flow,
  ParticipantDetails = list(DisplayName = "Grace"),
  Attributes = list(order = "4471", tier = "gold"),
  ChatDurationInMinutes = 60
)
cat("contact started:", nchar(chat$ContactId) > 0, "\n")
cat("participant token given:", nchar(chat$ParticipantToken) > 0, "\n")

# Client-side validation is paws' http_400, as the service's ValidationException would be.
too_short <- tryCatch(
  connect$start_chat_contact(InstanceId = instance, ContactFlowId = flow,
                             ParticipantDetails = list(DisplayName = "Grace"),
                             ChatDurationInMinutes = 1),
  http_400 = function(e) {
    cat("refused before sending, status", e$status_code, "\n")
    "refused"
  }
)
print(too_short)

# An unknown contact: the service's own error, a paws_error.
missing <- tryCatch(
  paws::connect(config = cfg)$describe_contact(InstanceId = instance, ContactId = "no-such-contact"),
  paws_error = function(e) paste("service said", e$status_code)
)
print(missing)

contact <- connect$describe_contact(InstanceId = instance, ContactId = chat$ContactId)
cat("channel:", contact$Contact$Channel, "initiated by:", contact$Contact$InitiationMethod, "\n")
# Timestamps are POSIXct in GMT: formatted as dates; an absent one is a POSIXct of length 0.
started <- contact$Contact$InitiationTimestamp
cat("started:", nchar(format(started)), "characters, century", substr(as.character(started), 1, 2), "\n")
print(paste("zone-free text:", !grepl("GMT", paste(started))))
print(contact$Contact$DisconnectTimestamp)
attrs <- connect$get_contact_attributes(InstanceId = instance, InitialContactId = chat$ContactId)
print(attrs$Attributes[["tier"]])

svc <- paws::connectparticipant(config = cfg)
conn <- svc$create_participant_connection(
  Type = list("CONNECTION_CREDENTIALS"),
  ParticipantToken = chat$ParticipantToken,
  ConnectParticipant = TRUE
)
ctoken <- conn$ConnectionCredentials$ConnectionToken
for (text in c("Hi, I started this chat myself", "Where is order 4471?")) {
  svc$send_message(ContentType = "text/plain", Content = text, ConnectionToken = ctoken)
}
transcript <- svc$get_transcript(ConnectionToken = ctoken, SortOrder = "ASCENDING")
said <- Filter(function(item) item$Type == "MESSAGE", transcript$Transcript)
for (item in said) cat(sprintf("[%s] %s\n", item$DisplayName, item$Content))

# A Participant Service operation is not a Connect one: the contact is stopped through Connect.
svc$disconnect_participant(ConnectionToken = ctoken)
stopped <- connect$stop_contact(ContactId = chat$ContactId, InstanceId = instance)
cat("stopped:", length(stopped), "\n")
message("done: ", length(said), " messages")

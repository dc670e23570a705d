# A typing indicator, then the message.
svc <- paws::connectparticipant(config = list(endpoint = Sys.getenv("CHAT_ENDPOINT"), region = "us-east-1"))
conn <- svc$create_participant_connection(Type = "CONNECTION_CREDENTIALS",
                                          ParticipantToken = Sys.getenv("PARTICIPANT_TOKEN"))
ctoken <- conn$ConnectionCredentials$ConnectionToken

ev <- svc$send_event(ContentType = "application/vnd.amazonaws.connect.event.typing", ConnectionToken = ctoken)
cat("typing:", nchar(ev$Id) > 0, "\n")
msg <- svc$send_message(ContentType = "text/plain", Content = "Typed it", ConnectionToken = ctoken)
cat("message:", nchar(msg$Id) > 0, "\n")
items <- svc$get_transcript(ConnectionToken = ctoken, SortOrder = "ASCENDING")$Transcript
types <- sapply(items, function(i) i$Type)
cat("has message:", "MESSAGE" %in% types, "\n")

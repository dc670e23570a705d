# Labels for each transcript item with ifelse.
svc <- paws::connectparticipant(config = list(endpoint = Sys.getenv("CHAT_ENDPOINT"), region = "us-east-1"))
conn <- svc$create_participant_connection(Type = "CONNECTION_CREDENTIALS",
                                          ParticipantToken = Sys.getenv("PARTICIPANT_TOKEN"))
ctoken <- conn$ConnectionCredentials$ConnectionToken

invisible(svc$send_message(ContentType = "text/plain", Content = "label me", ConnectionToken = ctoken))
items <- svc$get_transcript(ConnectionToken = ctoken, SortOrder = "ASCENDING")$Transcript
types <- vapply(items, function(i) i$Type, "")
labels <- ifelse(types == "MESSAGE", "text", "event")
cat(labels, "\n")
cat(sum(labels == "text"), "text item(s)\n")

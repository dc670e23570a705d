# A structured message as JSON.
library(jsonlite)
svc <- paws::connectparticipant(config = list(endpoint = Sys.getenv("CHAT_ENDPOINT"), region = "us-east-1"))
conn <- svc$create_participant_connection(Type = "CONNECTION_CREDENTIALS",
                                          ParticipantToken = Sys.getenv("PARTICIPANT_TOKEN"))
ctoken <- conn$ConnectionCredentials$ConnectionToken

payload <- list(type = "order-status", order = "4471", items = 2, express = TRUE)
body <- toJSON(payload, auto_unbox = TRUE)
cat(body, "\n")
invisible(svc$send_message(ContentType = "application/json", Content = body, ConnectionToken = ctoken))
items <- svc$get_transcript(ConnectionToken = ctoken, SortOrder = "ASCENDING")$Transcript
last <- items[[length(items)]]
back <- fromJSON(last$Content, simplifyVector = FALSE)
cat(back$type, back$order, back$items, back$express, "\n")

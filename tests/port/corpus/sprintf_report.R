# A formatted report with sprintf.
svc <- paws::connectparticipant(config = list(endpoint = Sys.getenv("CHAT_ENDPOINT"), region = "us-east-1"))
conn <- svc$create_participant_connection(Type = "CONNECTION_CREDENTIALS",
                                          ParticipantToken = Sys.getenv("PARTICIPANT_TOKEN"))
ctoken <- conn$ConnectionCredentials$ConnectionToken

texts <- c("Hi", "I need help with billing", "Thanks!")
for (t in texts) svc$send_message(ContentType = "text/plain", Content = t, ConnectionToken = ctoken)
items <- Filter(function(x) x$Type == "MESSAGE", svc$get_transcript(ConnectionToken = ctoken)$Transcript)
cat(sprintf("%2d. %-26s %3d chars\n", seq_along(items), vapply(items, function(x) x$Content, ""),
            vapply(items, function(x) nchar(x$Content), 0L)), sep = "")
total <- sum(vapply(items, function(x) nchar(x$Content), 0L))
cat(sprintf("total: %d characters, %.1f on average\n", total, total / length(items)))

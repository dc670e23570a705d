# After disconnecting, the connection token no longer works.
svc <- paws::connectparticipant(config = list(endpoint = Sys.getenv("CHAT_ENDPOINT"), region = "us-east-1"))
conn <- svc$create_participant_connection(Type = "CONNECTION_CREDENTIALS",
                                          ParticipantToken = Sys.getenv("PARTICIPANT_TOKEN"))
ctoken <- conn$ConnectionCredentials$ConnectionToken

invisible(svc$send_message(ContentType = "text/plain", Content = "bye soon", ConnectionToken = ctoken))
invisible(svc$disconnect_participant(ConnectionToken = ctoken))
cat("disconnected\n")
status <- tryCatch({
  svc$send_message(ContentType = "text/plain", Content = "too late", ConnectionToken = ctoken)
  "still open"
}, paws_error = function(e) {
  paste("refused with", e$status_code)
})
print(status)

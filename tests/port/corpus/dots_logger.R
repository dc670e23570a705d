# A logger passing ... along.
log_info <- function(...) {
  cat("[info]", ..., "\n")
}
svc <- paws::connectparticipant(config = list(endpoint = Sys.getenv("CHAT_ENDPOINT"), region = "us-east-1"))
conn <- svc$create_participant_connection(Type = "CONNECTION_CREDENTIALS",
                                          ParticipantToken = Sys.getenv("PARTICIPANT_TOKEN"))
ctoken <- conn$ConnectionCredentials$ConnectionToken

log_info("connected with a token of", nchar(ctoken), "characters")
sent <- svc$send_message(ContentType = "text/plain", Content = "logged", ConnectionToken = ctoken)
log_info("sent message", substr(sent$Id, 1, 0), "ok")

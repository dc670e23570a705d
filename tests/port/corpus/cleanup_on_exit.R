# A session function that always disconnects, with on.exit.
svc <- paws::connectparticipant(config = list(endpoint = Sys.getenv("CHAT_ENDPOINT"), region = "us-east-1"))
chat_once <- function(participant_token, text) {
  conn <- svc$create_participant_connection(Type = "CONNECTION_CREDENTIALS",
                                            ParticipantToken = participant_token)
  tok <- conn$ConnectionCredentials$ConnectionToken
  on.exit({
    svc$disconnect_participant(ConnectionToken = tok)
    cat("disconnected\n")
  })
  svc$send_message(ContentType = "text/plain", Content = text, ConnectionToken = tok)
  cat("sent:", text, "\n")
  "done"
}
print(chat_once(Sys.getenv("PARTICIPANT_TOKEN"), "one and done"))

# Waiting (bounded) until the transcript holds what was sent.
svc <- paws::connectparticipant(config = list(endpoint = Sys.getenv("CHAT_ENDPOINT"), region = "us-east-1"))
conn <- svc$create_participant_connection(Type = "CONNECTION_CREDENTIALS",
                                          ParticipantToken = Sys.getenv("PARTICIPANT_TOKEN"))
ctoken <- conn$ConnectionCredentials$ConnectionToken

invisible(svc$send_message(ContentType = "text/plain", Content = "ping", ConnectionToken = ctoken))
tries <- 0
found <- FALSE
while (!found && tries < 20) {
  tries <- tries + 1
  items <- svc$get_transcript(ConnectionToken = ctoken)$Transcript
  for (it in items) {
    if (identical(it$Content, "ping")) {
      found <- TRUE
      break
    }
  }
  if (!found) Sys.sleep(0.05)
}
cat("found ping:", found, "\n")

# The ids of sent messages are distinct and found in the transcript.
svc <- paws::connectparticipant(config = list(endpoint = Sys.getenv("CHAT_ENDPOINT"), region = "us-east-1"))
conn <- svc$create_participant_connection(Type = "CONNECTION_CREDENTIALS",
                                          ParticipantToken = Sys.getenv("PARTICIPANT_TOKEN"))
ctoken <- conn$ConnectionCredentials$ConnectionToken

ids <- character(0)
for (text in c("a", "b", "c")) {
  ids <- c(ids, svc$send_message(ContentType = "text/plain", Content = text, ConnectionToken = ctoken)$Id)
}
cat("distinct:", length(unique(ids)) == length(ids), "\n")
seen <- sapply(svc$get_transcript(ConnectionToken = ctoken)$Transcript, function(x) x$Id)
cat("all found:", all(ids %in% seen), "\n")

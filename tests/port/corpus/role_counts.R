# Counting transcript items by role, in a named list.
svc <- paws::connectparticipant(config = list(endpoint = Sys.getenv("CHAT_ENDPOINT"), region = "us-east-1"))
conn <- svc$create_participant_connection(Type = "CONNECTION_CREDENTIALS",
                                          ParticipantToken = Sys.getenv("PARTICIPANT_TOKEN"))
ctoken <- conn$ConnectionCredentials$ConnectionToken

for (i in 1:3) svc$send_message(ContentType = "text/plain", Content = paste("line", i), ConnectionToken = ctoken)
items <- svc$get_transcript(ConnectionToken = ctoken)$Transcript
counts <- list()
for (item in items) {
  role <- item$ParticipantRole
  if (length(role) == 0 || role == "") role <- "SYSTEM"
  if (is.null(counts[[role]])) counts[[role]] <- 0
  counts[[role]] <- counts[[role]] + 1
}
for (role in sort(names(counts))) cat(role, counts[[role]], "\n")

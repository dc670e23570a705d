# Index-based loops, the C way.
svc <- paws::connectparticipant(config = list(endpoint = Sys.getenv("CHAT_ENDPOINT"), region = "us-east-1"))
conn <- svc$create_participant_connection(Type = "CONNECTION_CREDENTIALS",
                                          ParticipantToken = Sys.getenv("PARTICIPANT_TOKEN"))
ctoken <- conn$ConnectionCredentials$ConnectionToken

words <- c("alpha", "beta", "gamma")
for (i in seq_along(words)) {
  svc$send_message(ContentType = "text/plain", Content = words[[i]], ConnectionToken = ctoken)
  cat(i, "/", length(words), ":", words[[i]], "\n")
}
items <- svc$get_transcript(ConnectionToken = ctoken, SortOrder = "ASCENDING")$Transcript
n <- 0
for (k in seq_len(length(items))) {
  if (items[[k]]$Type == "MESSAGE") n <- n + 1
}
cat("messages:", n, "\n")

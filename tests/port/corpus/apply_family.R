# apply-family style: sapply, vapply, lapply and Map over the transcript.
svc <- paws::connectparticipant(config = list(endpoint = Sys.getenv("CHAT_ENDPOINT"), region = "us-east-1"))
conn <- svc$create_participant_connection(Type = "CONNECTION_CREDENTIALS",
                                          ParticipantToken = Sys.getenv("PARTICIPANT_TOKEN"))
ctoken <- conn$ConnectionCredentials$ConnectionToken

for (t in c("one", "two", "three")) {
  svc$send_message(ContentType = "text/plain", Content = t, ConnectionToken = ctoken)
}
items <- svc$get_transcript(ConnectionToken = ctoken, SortOrder = "ASCENDING")$Transcript
messages <- Filter(function(x) x$Type == "MESSAGE", items)
contents <- vapply(messages, function(x) x$Content, character(1))
lengths <- sapply(messages, function(x) nchar(x$Content))
print(contents)
print(lengths)
labels <- Map(function(text, n) paste0(text, "(", n, ")"), contents, lengths)
cat(unlist(labels, use.names = FALSE), "\n")
upper <- lapply(contents, toupper)
cat(length(upper), upper[[1]], "\n")

# Cleaning what customers typed before sending it on.
svc <- paws::connectparticipant(config = list(endpoint = Sys.getenv("CHAT_ENDPOINT"), region = "us-east-1"))
conn <- svc$create_participant_connection(Type = "CONNECTION_CREDENTIALS",
                                          ParticipantToken = Sys.getenv("PARTICIPANT_TOKEN"))
ctoken <- conn$ConnectionCredentials$ConnectionToken

raw <- c("  Hello  ", "ORDER   4471", "\tthanks\n")
clean <- tolower(gsub("\\s+", " ", trimws(raw)))
print(clean)
for (text in clean) {
  if (nzchar(text)) svc$send_message(ContentType = "text/plain", Content = text, ConnectionToken = ctoken)
}
got <- vapply(Filter(function(x) x$Type == "MESSAGE",
                     svc$get_transcript(ConnectionToken = ctoken, SortOrder = "ASCENDING")$Transcript),
              function(x) x$Content, "")
print(identical(got, clean))

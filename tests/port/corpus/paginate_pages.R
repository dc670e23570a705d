# The whole transcript, page by page, with paws.common::paginate.
svc <- paws::connectparticipant(config = list(endpoint = Sys.getenv("CHAT_ENDPOINT"), region = "us-east-1"))
conn <- svc$create_participant_connection(Type = "CONNECTION_CREDENTIALS",
                                          ParticipantToken = Sys.getenv("PARTICIPANT_TOKEN"))
ctoken <- conn$ConnectionCredentials$ConnectionToken

for (i in 1:4) svc$send_message(ContentType = "text/plain", Content = paste0("m", i), ConnectionToken = ctoken)
pages <- paws.common::paginate(svc$get_transcript(ConnectionToken = ctoken, SortOrder = "ASCENDING"),
                               PageSize = 2)
cat("pages:", length(pages) >= 2, "\n")
contents <- c()
for (page in pages) {
  for (item in page$Transcript) {
    if (item$Type == "MESSAGE") contents <- c(contents, item$Content)
  }
}
print(sort(contents))

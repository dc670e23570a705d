# The transcript exported to CSV.
svc <- paws::connectparticipant(config = list(endpoint = Sys.getenv("CHAT_ENDPOINT"), region = "us-east-1"))
conn <- svc$create_participant_connection(Type = "CONNECTION_CREDENTIALS",
                                          ParticipantToken = Sys.getenv("PARTICIPANT_TOKEN"))
ctoken <- conn$ConnectionCredentials$ConnectionToken

for (t in c("Hi", "Where is my parcel?")) {
  svc$send_message(ContentType = "text/plain", Content = t, ConnectionToken = ctoken)
}
items <- Filter(function(i) i$Type == "MESSAGE", svc$get_transcript(ConnectionToken = ctoken, SortOrder = "ASCENDING")$Transcript)
df <- data.frame(
  role = vapply(items, function(i) i$ParticipantRole, ""),
  content = vapply(items, function(i) i$Content, ""),
  stringsAsFactors = FALSE
)
path <- tempfile(fileext = ".csv")
write.csv(df, path, row.names = FALSE)
back <- read.csv(path, stringsAsFactors = FALSE)
cat("rows:", nrow(back), "\n")
cat(back$content, sep = "\n")
unlink(path)
cat("removed:", !file.exists(path), "\n")

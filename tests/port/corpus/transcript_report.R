# A daily transcript report: when each message came, who sent it, laid out with formatC.
svc <- paws::connectparticipant(config = list(endpoint = Sys.getenv("CHAT_ENDPOINT"), region = "us-east-1"))
conn <- svc$create_participant_connection(Type = "CONNECTION_CREDENTIALS",
                                          ParticipantToken = Sys.getenv("PARTICIPANT_TOKEN"))
ctoken <- conn$ConnectionCredentials$ConnectionToken

for (text in c("Hello", "My order 1234567 is late", "Thanks")) {
  svc$send_message(ContentType = "text/plain", Content = text, ConnectionToken = ctoken)
}

report_day <- Sys.Date()
cat("Report for year", format(report_day, "%Y") == format(Sys.time(), "%Y"), "\n")

transcript <- svc$get_transcript(ConnectionToken = ctoken, SortOrder = "ASCENDING")$Transcript
messages <- Filter(function(item) item$Type == "MESSAGE", transcript)
stamps <- lapply(messages, function(m) {
  as.POSIXct(m$AbsoluteTime, format = "%Y-%m-%dT%H:%M:%OSZ", tz = "UTC")
})
first <- stamps[[1]]

cat(formatC("#", width = 3), formatC("role", width = -10), formatC("chars", width = 6), "text\n")
for (i in seq_along(messages)) {
  m <- messages[[i]]
  since <- as.numeric(difftime(stamps[[i]], first, units = "secs"))
  cat(formatC(i, width = 3, flag = "0"),
      formatC(m$ParticipantRole, width = -10),
      formatC(nchar(m$Content), width = 6),
      m$Content, "\n")
  if (since < 0 || since > 60) stop("clock went backwards")
}

lengths <- vapply(messages, function(m) nchar(m$Content), numeric(1))
cat("total characters:", formatC(sum(lengths), big.mark = ",", format = "d"), "\n")
cat("mean length:", formatC(mean(lengths), format = "f", digits = 2), "\n")
cat("same day:", identical(as.Date(first), as.Date(stamps[[length(stamps)]])), "\n")
print(inherits(first, "POSIXct"))

# A customer joins the chat, says hello, and reads back what was said.
library(paws)

endpoint <- Sys.getenv("CHAT_ENDPOINT")
token <- Sys.getenv("PARTICIPANT_TOKEN")

svc <- paws::connectparticipant(config = list(endpoint = endpoint, region = "us-east-1"))

conn <- svc$create_participant_connection(
  Type = list("WEBSOCKET", "CONNECTION_CREDENTIALS"),
  ParticipantToken = token,
  ConnectParticipant = TRUE
)
ctoken <- conn$ConnectionCredentials$ConnectionToken
cat("connected:", nchar(ctoken) > 0, "\n")
cat("websocket offered:", length(conn$Websocket$Url) == 1, "\n")

messages <- c("Hello", "I have a question about my order", "It is order #4471 \"urgent\"")
ids <- list()
for (text in messages) {
  sent <- svc$send_message(ContentType = "text/plain", Content = text, ConnectionToken = ctoken)
  ids[[length(ids) + 1]] <- sent$Id
}
cat(sprintf("sent %d messages\n", length(ids)))

typing <- svc$send_event(ContentType = "application/vnd.amazonaws.connect.event.typing",
                         ConnectionToken = ctoken)
cat("typing event sent:", nchar(typing$Id) > 0, "\n")

transcript <- svc$get_transcript(ConnectionToken = ctoken, SortOrder = "ASCENDING", MaxResults = 50)
mine <- Filter(function(item) item$Type == "MESSAGE", transcript$Transcript)
for (item in mine) {
  cat(paste0("[", item$DisplayName, "] ", item$Content), "\n")
}
print(length(mine))
print(sapply(mine, function(item) item$ParticipantRole)[[1]])
message("done: ", length(mine), " messages")
svc$disconnect_participant(ConnectionToken = ctoken)
invisible(NULL)

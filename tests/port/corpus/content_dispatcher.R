# A dispatcher on each transcript item's ContentType, switch() with a block per kind.
library(paws)

svc <- paws::connectparticipant(config = list(endpoint = Sys.getenv("CHAT_ENDPOINT"), region = "us-east-1"))
conn <- svc$create_participant_connection(Type = "CONNECTION_CREDENTIALS",
                                          ParticipantToken = Sys.getenv("PARTICIPANT_TOKEN"))
token <- conn$ConnectionCredentials$ConnectionToken

for (text in c("plain hello", "second line")) {
  sent <- svc$send_message(ContentType = "text/plain", Content = text, ConnectionToken = token)
}
invisible(svc$send_message(ContentType = "text/markdown", Content = "**bold** hello", ConnectionToken = token))

counts <- list(text = 0, event = 0, other = 0)

describe_item <- function(item) {
  switch(item$ContentType,
    "text/plain" = ,
    "text/markdown" = {
      counts$text <<- counts$text + 1
      paste("message:", item$Content)
    },
    "application/vnd.amazonaws.connect.event.participant.joined" = {
      counts$event <<- counts$event + 1
      paste(item$DisplayName, "joined")
    },
    {
      counts$other <<- counts$other + 1
      paste("other event")
    }
  )
}

transcript <- svc$get_transcript(ConnectionToken = token, SortOrder = "ASCENDING")
for (item in transcript$Transcript) {
  cat(describe_item(item), "\n")
}
cat("texts:", counts$text, "events:", counts$event, "others:", counts$other, "\n")

priority <- function(level) switch(level, "low", "normal", "urgent")
for (p in c(1, 3, 5)) {
  label <- priority(p)
  cat(p, if (is.null(label)) "unknown" else label, "\n")
}

# A small function library: the team's helpers, then a script using them.
make_client <- function(endpoint = Sys.getenv("CHAT_ENDPOINT")) {
  paws::connectparticipant(config = list(endpoint = endpoint, region = "us-east-1"))
}

connect_as <- function(client, participant_token) {
  conn <- client$create_participant_connection(Type = "CONNECTION_CREDENTIALS",
                                               ParticipantToken = participant_token)
  conn$ConnectionCredentials$ConnectionToken
}

send_text <- function(client, token, text) {
  client$send_message(ContentType = "text/plain", Content = text, ConnectionToken = token)$Id
}

messages_of <- function(client, token) {
  items <- client$get_transcript(ConnectionToken = token, SortOrder = "ASCENDING")$Transcript
  Filter(function(it) it$Type == "MESSAGE", items)
}

svc <- make_client()
tok <- connect_as(svc, Sys.getenv("PARTICIPANT_TOKEN"))
invisible(send_text(svc, tok, "first"))
id <- send_text(svc, tok, "second")
msgs <- messages_of(svc, tok)
cat("messages:", length(msgs), "\n")
cat("last:", msgs[[length(msgs)]]$Content, "\n")
cat("ids match:", msgs[[length(msgs)]]$Id == id, "\n")

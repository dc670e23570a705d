# A function that makes senders: closures over the client and token.
svc <- paws::connectparticipant(config = list(endpoint = Sys.getenv("CHAT_ENDPOINT"), region = "us-east-1"))
conn <- svc$create_participant_connection(Type = "CONNECTION_CREDENTIALS",
                                          ParticipantToken = Sys.getenv("PARTICIPANT_TOKEN"))
ctoken <- conn$ConnectionCredentials$ConnectionToken

make_sender <- function(prefix) {
  function(text) {
    svc$send_message(ContentType = "text/plain", Content = paste(prefix, text), ConnectionToken = ctoken)
    paste(prefix, text)
  }
}
bot <- make_sender("[bot]")
agent <- make_sender("[agent]")
cat(bot("hello"), "\n")
cat(agent("how can I help?"), "\n")

# Inputs checked with stopifnot before any call.
send_checked <- function(svc, token, text) {
  stopifnot(is.character(text), nchar(text) > 0, nchar(text) <= 1024)
  svc$send_message(ContentType = "text/plain", Content = text, ConnectionToken = token)
  invisible(TRUE)
}
svc <- paws::connectparticipant(config = list(endpoint = Sys.getenv("CHAT_ENDPOINT"), region = "us-east-1"))
conn <- svc$create_participant_connection(Type = "CONNECTION_CREDENTIALS",
                                          ParticipantToken = Sys.getenv("PARTICIPANT_TOKEN"))
ctoken <- conn$ConnectionCredentials$ConnectionToken

send_checked(svc, ctoken, "valid text")
cat("first sent\n")
res <- tryCatch(send_checked(svc, ctoken, ""), error = function(e) conditionMessage(e))
print(res)

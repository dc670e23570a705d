# magrittr pipes over what was said.
library(magrittr)
svc <- paws::connectparticipant(config = list(endpoint = Sys.getenv("CHAT_ENDPOINT"), region = "us-east-1"))
conn <- svc$create_participant_connection(Type = "CONNECTION_CREDENTIALS",
                                          ParticipantToken = Sys.getenv("PARTICIPANT_TOKEN"))
ctoken <- conn$ConnectionCredentials$ConnectionToken

invisible(svc$send_message(ContentType = "text/plain", Content = "  Mixed Case Words  ", ConnectionToken = ctoken))
transcript <- svc$get_transcript(ConnectionToken = ctoken)
said <- transcript$Transcript %>%
  Filter(function(x) x$Type == "MESSAGE", .) %>%
  vapply(function(x) x$Content, character(1))
said %>% trimws() %>% tolower() %>% print()
said %>% nchar() %>% cat("\n")

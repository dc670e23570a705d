# A bot written with purrr: it reads the transcript, picks the customer's messages and answers.
library(purrr)

svc <- paws::connectparticipant(config = list(endpoint = Sys.getenv("CHAT_ENDPOINT"), region = "us-east-1"))
conn <- svc$create_participant_connection(Type = "CONNECTION_CREDENTIALS",
                                          ParticipantToken = Sys.getenv("BOT_TOKEN"),
                                          ConnectParticipant = TRUE)
ctoken <- conn$ConnectionCredentials$ConnectionToken

answers <- c(hello = "Hi! How can I help?", thanks = "You are welcome.")

items <- svc$get_transcript(ConnectionToken = ctoken, SortOrder = "ASCENDING")$Transcript
from_customer <- items %>%
  keep(~ .x$Type == "MESSAGE") %>%
  keep(~ .x$ParticipantRole == "CUSTOMER")
texts <- map_chr(from_customer, "Content")
cat("customer wrote", length(texts), "messages\n")
print(texts)

replies <- map_chr(texts, function(text) {
  key <- tolower(text)
  if (key %in% names(answers)) answers[[key]] else paste("Noted:", text)
})
print(replies)

sent <- map(replies, ~ svc$send_message(ContentType = "text/plain", Content = .x, ConnectionToken = ctoken))
ids <- map_chr(sent, "Id")
cat("sent", length(ids), "replies, all with ids:", all(nchar(ids) > 0), "\n")

first_words <- map_chr(texts, ~ strsplit(.x, " ")[[1]][[1]])
print(first_words)
print(map_int(texts, nchar))
print(discard(texts, ~ nchar(.x) > 6))
print(pluck(from_customer, 1, "Content"))
print(pluck(from_customer, 10, "Content", .default = "(none)"))

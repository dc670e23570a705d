# A bot joins the chat, polls the transcript and answers each customer message once.
svc <- paws.customer.engagement::connectparticipant(
  config = list(endpoint = Sys.getenv("CHAT_ENDPOINT"), region = "us-east-1")
)

reply_for <- function(text) {
  if (grepl_order(text)) {
    "Your order is on its way."
  } else if (tolower(text) == "hello") {
    "Hi! How can I help?"
  } else {
    paste("You said:", text)
  }
}

grepl_order <- function(text) {
  words <- c("order", "parcel")
  any_found <- FALSE
  for (w in words) {
    if (w %in% c(text, tolower(text))) any_found <- TRUE
  }
  any_found || startsWith(tolower(text), "where is my order")
}

conn <- svc$create_participant_connection(
  Type = "CONNECTION_CREDENTIALS",
  ParticipantToken = Sys.getenv("BOT_TOKEN")
)
ctoken <- conn$ConnectionCredentials$ConnectionToken

expected <- as.integer(Sys.getenv("EXPECTED_MESSAGES", "3"))
answered <- character(0)
attempt <- 0
while (length(answered) < expected && attempt < 50) {
  attempt <- attempt + 1
  page <- svc$get_transcript(ConnectionToken = ctoken, SortOrder = "ASCENDING")
  for (item in page$Transcript) {
    if (item$Type != "MESSAGE" || item$ParticipantRole != "CUSTOMER") next
    if (item$Id %in% answered) next
    answer <- reply_for(item$Content)
    svc$send_message(ContentType = "text/plain", Content = answer, ConnectionToken = ctoken)
    cat(sprintf("%-28s -> %s\n", item$Content, answer))
    answered <- c(answered, item$Id)
  }
  if (length(answered) < expected) Sys.sleep(0.05)
}

final <- svc$get_transcript(ConnectionToken = ctoken, SortOrder = "ASCENDING")
roles <- sapply(final$Transcript, `[[`, "ParticipantRole")
bot_lines <- 0
for (i in seq_along(roles)) {
  if (roles[[i]] == "CUSTOM_BOT") bot_lines <- bot_lines + 1
}
cat("answered", length(answered), "of", expected, "; bot lines in transcript:", bot_lines, "\n")

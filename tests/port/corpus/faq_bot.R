# An FAQ bot: a keyword table, switch on the intent, the answers sent back.
svc <- paws::connectparticipant(config = list(endpoint = Sys.getenv("CHAT_ENDPOINT"), region = "us-east-1"))
conn <- svc$create_participant_connection(Type = "CONNECTION_CREDENTIALS",
                                          ParticipantToken = Sys.getenv("PARTICIPANT_TOKEN"))
ctoken <- conn$ConnectionCredentials$ConnectionToken

faq <- list(
  hours = "We are open 9-17, Monday to Friday.",
  refund = "Refunds take 5 working days.",
  address = "Send it to 1 Main Street."
)

intent_of <- function(text) {
  text <- tolower(text)
  for (key in names(faq)) {
    if (grepl(key, text, fixed = TRUE)) return(key)
  }
  "unknown"
}

answer <- function(intent) {
  switch(intent,
    hours = faq$hours,
    refund = faq$refund,
    address = faq$address,
    "Let me find an agent for you."
  )
}

questions <- c("What are your HOURS?", "How long does a refund take?", "Is it raining?")
for (q in questions) {
  intent <- intent_of(q)
  reply <- answer(intent)
  svc$send_message(ContentType = "text/plain", Content = reply, ConnectionToken = ctoken)
  cat(sprintf("%-32s [%s] %s\n", q, intent, reply))
}

# The native pipe, R 4.1 style.
svc <- paws::connectparticipant(config = list(endpoint = Sys.getenv("CHAT_ENDPOINT"), region = "us-east-1"))
conn <- svc$create_participant_connection(Type = "CONNECTION_CREDENTIALS",
                                          ParticipantToken = Sys.getenv("PARTICIPANT_TOKEN"))
ctoken <- conn$ConnectionCredentials$ConnectionToken

c("hello", "how are you") |>
  toupper() |>
  paste(collapse = " / ") |>
  print()
invisible(svc$send_message(ContentType = "text/plain", Content = "piped", ConnectionToken = ctoken))
n <- svc$get_transcript(ConnectionToken = ctoken)$Transcript |> length()
cat("items:", n > 0, "\n")

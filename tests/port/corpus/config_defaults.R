# Configuration from the environment, with defaults of the team's own operator.
`%||%` <- function(a, b) if (is.null(a) || identical(a, "")) b else a

settings <- list(
  endpoint = Sys.getenv("CHAT_ENDPOINT"),
  region = Sys.getenv("AWS_REGION") %||% "us-east-1",
  greeting = Sys.getenv("CHAT_GREETING") %||% "Hello from the config script",
  retries = as.integer(Sys.getenv("CHAT_RETRIES", "2"))
)
cat("region:", settings$region, "\n")
cat("retries:", settings$retries, "\n")

svc <- paws::connectparticipant(config = list(endpoint = settings$endpoint, region = settings$region))
conn <- svc$create_participant_connection(Type = "CONNECTION_CREDENTIALS",
                                          ParticipantToken = Sys.getenv("PARTICIPANT_TOKEN"))
res <- svc$send_message(ContentType = "text/plain", Content = settings$greeting,
                        ConnectionToken = conn$ConnectionCredentials$ConnectionToken)
cat("greeting sent:", !is.null(res$Id), "\n")

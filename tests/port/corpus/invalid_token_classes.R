# Which condition classes a bad token raises.
svc <- paws::connectparticipant(config = list(endpoint = Sys.getenv("CHAT_ENDPOINT"), region = "us-east-1"))
err <- tryCatch(
  svc$get_transcript(ConnectionToken = "no-such-token"),
  error = function(e) e
)
cat("is paws error:", inherits(err, "paws_error"), "\n")
cat("status:", err$status_code, "\n")
cat("has message:", nchar(conditionMessage(err)) > 0, "\n")

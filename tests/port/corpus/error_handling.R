# Error handling: paws conditions caught with tryCatch, by class.
svc <- paws::connectparticipant(config = list(endpoint = Sys.getenv("CHAT_ENDPOINT"), region = "us-east-1"))

send_safely <- function(text, token) {
  tryCatch(
    {
      svc$send_message(ContentType = "text/plain", Content = text, ConnectionToken = token)
      "sent"
    },
    http_403 = function(e) {
      message("refused: ", conditionMessage(e))
      cat("status", e$status_code, "\n")
      "refused"
    },
    paws_error = function(e) {
      cat("other service error\n")
      "failed"
    },
    finally = cat("attempt finished\n")
  )
}

outcome <- send_safely("hello", "not-a-real-connection-token")
cat("outcome:", outcome, "\n")

# A lower-level handler: any HTTP 4xx.
r <- tryCatch(
  svc$get_transcript(ConnectionToken = "expired-token", MaxResults = 10),
  http_400 = function(err) {
    cat("4xx class caught:", inherits(err, "http_403"), inherits(err, "paws_error"), "\n")
    NULL
  }
)
cat("result is null:", is.null(r), "\n")

# Our own validation happens before anything is sent.
checked <- tryCatch(
  svc$send_message(ContentType = "text/html", Content = "<b>hi</b>", ConnectionToken = "x"),
  error = function(e) {
    cat("validation caught:", inherits(e, "paws_error"), "\n")
    "invalid"
  }
)
print(checked)

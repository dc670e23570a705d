# A retry loop of our own: each failed attempt is a warning, the caller decides what is fatal.
library(paws)

svc <- paws::connectparticipant(config = list(endpoint = Sys.getenv("CHAT_ENDPOINT"), region = "us-east-1"))
conn <- svc$create_participant_connection(Type = "CONNECTION_CREDENTIALS",
                                          ParticipantToken = Sys.getenv("PARTICIPANT_TOKEN"))
good_token <- conn$ConnectionCredentials$ConnectionToken

send_with_retry <- function(token, text, attempts = 3) {
  for (i in seq_len(attempts)) {
    result <- tryCatch(
      svc$send_message(ContentType = "text/plain", Content = text, ConnectionToken = token),
      error = function(e) {
        warning("attempt ", i, " failed: ", conditionMessage(e))
        NULL
      }
    )
    if (!is.null(result)) return(result)
  }
  NULL
}

sent <- send_with_retry(good_token, "first try works")
cat("sent on the first try:", !is.null(sent), "\n")

lost <- send_with_retry("expired-token", "never arrives", attempts = 2)
cat("gave up:", is.null(lost), "\n")

failures <- 0
counted <- withCallingHandlers(
  send_with_retry("expired-token", "counted", attempts = 3),
  warning = function(w) {
    failures <<- failures + 1
    invokeRestart("muffleWarning")
  }
)
cat("failures counted:", failures, "\n")

quiet <- suppressWarnings(send_with_retry("expired-token", "quiet", attempts = 1))
cat("quiet result is NULL:", is.null(quiet), "\n")

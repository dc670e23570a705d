# A retry wrapper of the team's own around paws calls.
svc <- paws::connectparticipant(config = list(endpoint = Sys.getenv("CHAT_ENDPOINT"), region = "us-east-1"))
conn <- svc$create_participant_connection(Type = "CONNECTION_CREDENTIALS",
                                          ParticipantToken = Sys.getenv("PARTICIPANT_TOKEN"))
ctoken <- conn$ConnectionCredentials$ConnectionToken

with_retry <- function(f, times = 3, wait = 0.01) {
  attempt <- 1
  repeat {
    result <- tryCatch(f(), error = function(e) e)
    if (!inherits(result, "error")) return(result)
    if (attempt >= times) stop("gave up after ", times, " attempts: ", conditionMessage(result))
    message("attempt ", attempt, " failed, retrying")
    attempt <- attempt + 1
    Sys.sleep(wait)
  }
}

sent <- with_retry(function() {
  svc$send_message(ContentType = "text/plain", Content = "retry-safe hello", ConnectionToken = ctoken)
})
cat("sent:", nchar(sent$Id) > 0, "\n")

outcome <- tryCatch(
  with_retry(function() svc$get_transcript(ConnectionToken = "bad-token"), times = 2),
  error = function(e) "failed for good"
)
print(outcome)

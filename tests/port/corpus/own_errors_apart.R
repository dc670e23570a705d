# A script written for paws.compat tells its own errors (caught before anything is sent) from
# the service's: paws_compat_error first, paws' paws_error for what the service answered.
svc <- paws::connectparticipant(config = list(endpoint = Sys.getenv("CHAT_ENDPOINT"), region = "us-east-1"))
classify <- function(f) {
  tryCatch(
    f(),
    paws_compat_error = function(e) "caught before sending",
    paws_error = function(e) paste("the service said", e$status_code)
  )
}
cat(classify(function() svc$get_transcript(ConnectionToken = "no-such-token")), "\n")
cat(classify(function() svc$send_message(ContentType = "text/plain", Content = "", ConnectionToken = "x")), "\n")

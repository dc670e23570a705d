# try() around the risky steps; whatever happens, the scratch file is removed at the end.
library(paws)

svc <- paws::connectparticipant(config = list(endpoint = Sys.getenv("CHAT_ENDPOINT"), region = "us-east-1"))
scratch <- tempfile(fileext = ".txt")
writeLines(c("draft 1", "draft 2"), scratch)

connect_or_fail <- function(token) {
  if (!nzchar(token)) stop("no participant token given")
  svc$create_participant_connection(Type = "CONNECTION_CREDENTIALS", ParticipantToken = token)
}

first <- try(connect_or_fail(""))
if (inherits(first, "try-error")) cat("first attempt failed as expected\n")

conn <- try(connect_or_fail(Sys.getenv("PARTICIPANT_TOKEN")), silent = TRUE)
if (inherits(conn, "try-error")) {
  cat("could not connect\n")
} else {
  token <- conn$ConnectionCredentials$ConnectionToken
  drafts <- readLines(scratch)
  for (d in drafts) {
    res <- try(svc$send_message(ContentType = "text/plain", Content = d, ConnectionToken = token), silent = TRUE)
    cat(d, if (inherits(res, "try-error")) "failed" else "sent", "\n")
  }
  bad <- try(svc$send_message(ContentType = "text/plain", Content = "x", ConnectionToken = "stale"), silent = TRUE)
  cat("stale token refused:", inherits(bad, "try-error"), "\n")
}

unlink(scratch)
cat("scratch removed:", !file.exists(scratch), "\n")

# Configuration from the environment, with defaults, and a paged transcript.
region <- Sys.getenv("AWS_REGION", unset = "us-east-1")
endpoint <- Sys.getenv("CHAT_ENDPOINT")
page_size <- as.numeric(Sys.getenv("PAGE_SIZE", "2"))
verbose <- Sys.getenv("VERBOSE", "false") == "true"

cfg <- list(region = region, endpoint = endpoint, max_retries = 2)
if (nzchar(Sys.getenv("CHAT_DEBUG"))) cfg$close_connection <- TRUE
svc <- paws::connectparticipant(config = cfg)
cat(sprintf("region=%s page_size=%d verbose=%s\n", region, page_size, verbose))

conn <- svc$create_participant_connection(Type = "CONNECTION_CREDENTIALS",
                                          ParticipantToken = Sys.getenv("PARTICIPANT_TOKEN"))
ctoken <- conn$ConnectionCredentials$ConnectionToken
for (i in 1:5) {
  svc$send_message(ContentType = "text/plain", Content = sprintf("line %d", i), ConnectionToken = ctoken)
}

pages <- 0
contents <- list()
next_token <- NULL
repeat {
  page <- svc$get_transcript(ConnectionToken = ctoken, MaxResults = page_size, SortOrder = "ASCENDING",
                             NextToken = next_token)
  pages <- pages + 1
  for (item in page$Transcript) {
    if (item$Type == "MESSAGE") contents[[length(contents) + 1]] <- item$Content
  }
  if (length(page$NextToken) == 0) break
  next_token <- page$NextToken
}
cat("pages:", pages, "\n")
cat(unlist(contents), sep = "\n")
cat("\n")
writeLines(paste("total", length(contents)))
print(paste0("ratio ", length(contents) / pages))

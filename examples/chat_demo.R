# A customer and an agent chat from R, with paws' own calls, on the local emulator.
#
#   Rscript examples/chat_demo.R
#
# Every svc$ call below is written exactly as for paws::connectparticipant(); only library()
# differs. chat_session() is ours: paws has no websocket client.
# The emulator (the Python one, started in this R process through reticulate) plays Amazon
# Connect: it starts the chat and adds the agent, as StartChatContact and CreateParticipant do.

library(paws.compat)

emulator <- reticulate::import("paws_compat.emulator")$Emulator()
invisible(emulator$`__enter__`())
cat("R: chat on", emulator$endpoint, "\n")

chat <- emulator$start_chat(display_name = "Casey")
agent <- emulator$add_participant(chat$contact_id, role = "AGENT", display_name = "Alex")

svc <- connectparticipant(endpoint = emulator$endpoint, region = "us-east-1")

# The customer lives on a websocket session (connect, subscribe, heartbeats, gap fill: all in
# Python); the agent uses paws' plain calls, exactly as an existing paws script does.
customer <- chat_session(svc, ParticipantToken = chat$participant_token)
conn <- svc$create_participant_connection(
  Type = list("CONNECTION_CREDENTIALS"),
  ParticipantToken = agent$participant_token,
  ConnectParticipant = TRUE
)
agent_token <- conn$ConnectionCredentials$ConnectionToken

show <- function(items) {
  for (item in items) {
    if (item$Type == "MESSAGE") {
      cat(sprintf("  [customer sees] %s (%s): %s\n", item$DisplayName, item$ParticipantRole, item$Content))
    }
  }
}

invisible(customer$send_message("Hello from R, where is my parcel?"))
invisible(svc$send_event(ContentType = "application/vnd.amazonaws.connect.event.typing",
                         ConnectionToken = agent_token))
invisible(svc$send_message(ContentType = "text/plain", Content = "It arrives today.",
                           ConnectionToken = agent_token))

# poll() waits inside Python, where the websocket's reader runs, for up to `timeout` seconds.
seen <- list()
deadline <- Sys.time() + 15
while (!any(vapply(seen, function(i) identical(i$Content, "It arrives today."), NA)) &&
       Sys.time() < deadline) {
  batch <- customer$poll(timeout = 1)
  show(batch)
  seen <- c(seen, batch)
}
if (Sys.time() >= deadline) stop("the agent's reply never reached the customer's websocket")

transcript <- svc$get_transcript(ConnectionToken = agent_token, SortOrder = "ASCENDING",
                                 MaxResults = 100)
cat("R: the transcript, as paws returns it\n")
for (item in transcript$Transcript) {
  if (item$Type == "MESSAGE") {
    cat(sprintf("  %s  %-6s %s\n", item$AbsoluteTime, item$DisplayName, item$Content))
  }
}

# The agent leaves; their token then answers 403, caught exactly as with paws.
invisible(svc$disconnect_participant(ConnectionToken = agent_token))
tryCatch(
  svc$send_message(ContentType = "text/plain", Content = "still there?", ConnectionToken = agent_token),
  http_403 = function(e) {
    cat("R: caught", class(e)[1:2], "status", e$status_code, "-", conditionMessage(e), "\n")
  }
)
invisible(customer$disconnect())
customer$close()
invisible(emulator$`__exit__`(NULL, NULL, NULL))
cat("R: done\n")

# A customer and an agent chat from R, with paws' own calls, on the local emulator.
#
#   Rscript examples/chat_demo.R
#
# Every call below is written exactly as for paws::connectparticipant(); only library() differs.
# The emulator (the Python one, started in this R process through reticulate) plays Amazon
# Connect: it starts the chat and adds the agent, as StartChatContact and CreateParticipant do.

library(paws.compat)

emulator <- reticulate::import("paws_compat.emulator")$Emulator()
invisible(emulator$`__enter__`())
on.exit(emulator$`__exit__`(NULL, NULL, NULL), add = TRUE)
cat("R: chat on", emulator$endpoint, "\n")

chat <- emulator$start_chat(display_name = "Casey")
agent <- emulator$add_participant(chat$contact_id, role = "AGENT", display_name = "Alex")

svc <- connectparticipant(endpoint = emulator$endpoint, region = "us-east-1")

connect <- function(participant_token) {
  conn <- svc$create_participant_connection(
    Type = list("WEBSOCKET", "CONNECTION_CREDENTIALS"),
    ParticipantToken = participant_token,
    ConnectParticipant = TRUE
  )
  conn$ConnectionCredentials$ConnectionToken
}
customer_token <- connect(chat$participant_token)
agent_token <- connect(agent$participant_token)

sent <- svc$send_message(ContentType = "text/plain", Content = "Hello from R, where is my parcel?",
                         ConnectionToken = customer_token)
invisible(svc$send_event(ContentType = "application/vnd.amazonaws.connect.event.typing",
               ConnectionToken = agent_token))
invisible(svc$send_message(ContentType = "text/plain", Content = "It arrives today.",
                 ConnectionToken = agent_token))
invisible(svc$send_event(ContentType = "application/vnd.amazonaws.connect.event.message.read",
               Content = sprintf('{"messageId":"%s"}', sent$Id), ConnectionToken = agent_token))

transcript <- svc$get_transcript(ConnectionToken = customer_token, SortOrder = "ASCENDING",
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
invisible(svc$disconnect_participant(ConnectionToken = customer_token))
cat("R: done\n")

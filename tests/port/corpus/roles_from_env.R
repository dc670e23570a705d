# Roles from the environment, split and matched.
Sys.setenv(CHAT_ALLOWED_ROLES = "CUSTOMER, AGENT ,SUPERVISOR")
allowed <- trimws(strsplit(Sys.getenv("CHAT_ALLOWED_ROLES"), ",")[[1]])
print(allowed)
svc <- paws::connectparticipant(config = list(endpoint = Sys.getenv("CHAT_ENDPOINT"), region = "us-east-1"))
conn <- svc$create_participant_connection(Type = "CONNECTION_CREDENTIALS",
                                          ParticipantToken = Sys.getenv("PARTICIPANT_TOKEN"))
ctoken <- conn$ConnectionCredentials$ConnectionToken

invisible(svc$send_message(ContentType = "text/plain", Content = "checking roles", ConnectionToken = ctoken))
items <- svc$get_transcript(ConnectionToken = ctoken)$Transcript
roles <- unique(unlist(lapply(items, function(i) i$ParticipantRole)))
for (r in roles) cat(r, if (r %in% allowed) "allowed" else "not allowed", "\n")

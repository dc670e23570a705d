# An agent tool shows a step-by-step guide's view, printed as paws gives it.
svc <- paws::connectparticipant(config = list(endpoint = Sys.getenv("CHAT_ENDPOINT"), region = "us-east-1"))
conn <- svc$create_participant_connection(Type = "CONNECTION_CREDENTIALS",
                                          ParticipantToken = Sys.getenv("PARTICIPANT_TOKEN"))
view <- svc$describe_view(ViewToken = Sys.getenv("VIEW_TOKEN"),
                          ConnectionToken = conn$ConnectionCredentials$ConnectionToken)
print(view$View$Name)
print(view$View$Content$Actions)
print(view$View$Content)
str_actions <- paste(view$View$Content$Actions, collapse = " | ")
cat("actions:", str_actions, "\n")

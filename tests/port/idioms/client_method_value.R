# A client's operation taken as a value is a function
svc <- paws::connectparticipant()
send <- svc$send_message
cat(is.function(send), "\n")

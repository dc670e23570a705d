# A customer asks to attach a file: the upload slot, then completion before the upload happened.
svc <- paws::connectparticipant(config = list(endpoint = Sys.getenv("CHAT_ENDPOINT"),
                                              region = "us-east-1"))
conn <- svc$create_participant_connection(Type = list("CONNECTION_CREDENTIALS"),
                                          ParticipantToken = Sys.getenv("PARTICIPANT_TOKEN"))
ctoken <- conn$ConnectionCredentials$ConnectionToken

notes <- "Order #4471: please check the delivery address."
upload <- svc$start_attachment_upload(
  ContentType = "text/plain",
  AttachmentSizeInBytes = nchar(notes),
  AttachmentName = "notes.txt",
  ClientToken = "upload-notes-1",
  ConnectionToken = ctoken
)
meta <- upload$UploadMetadata
cat("attachment id issued:", nchar(upload$AttachmentId) > 0, "\n")
cat("upload url issued:", startsWith(meta$Url, "http"), "\n")
cat("upload headers:", paste(names(meta$HeadersToInclude), collapse = ", "), "\n")
cat("bytes to send:", nchar(notes), "\n")

result <- tryCatch(
  {
    svc$complete_attachment_upload(
      AttachmentIds = list(upload$AttachmentId),
      ClientToken = "complete-notes-1",
      ConnectionToken = ctoken
    )
    "completed"
  },
  http_400 = function(e) {
    cat("not completed:", e$status_code, "\n")
    "pending"
  }
)
cat("state:", result, "\n")

# A chat session from R: paws_compat.chat.ChatSession (managed websocket, every item delivered
# once, reconnects and gap fills), its results rebuilt from the model like the client's.

chat_session <- function(svc, ParticipantToken, ConnectParticipant = TRUE, timeout = 30, ...) {
  call <- redact_call(sys.call(), "ParticipantToken", sys.function())
  context <- client_context(svc)
  backend <- context$backend
  if (is.null(backend$chat_start)) {
    stop("chat sessions need paws.compat's reticulate backend (not the ", backend$name, " one)", call. = FALSE)
  }
  options <- list(...)
  refuse_na(ParticipantToken, "ParticipantToken", call)
  refuse_na(ConnectParticipant, "ConnectParticipant", call)
  refuse_na(options, "...", call)
  if (!is.character(ParticipantToken) || length(ParticipantToken) != 1L || !nzchar(ParticipantToken)) {
    stop("ParticipantToken must be one non-empty string", call. = FALSE)
  }
  if (length(options) > 0 && (is.null(names(options)) || !all(nzchar(names(options))))) {
    stop("chat_session() options must be named (ChatConfig's names)", call. = FALSE)
  }
  overrides <- if (length(options) == 0) NULL else options
  reply <- backend$chat_start(context$client, ParticipantToken, isTRUE(ConnectParticipant), timeout, overrides)
  if (reply[[1]] != reply_ok) raise_reply(reply, call)
  session <- reply[[2]]
  model <- context$model

  invoke <- function(method, args = list()) {
    args <- args[!vapply(args, is.null, NA)]
    if (length(args) == 0) args <- structure(list(), names = character(0))
    for (name in names(args)) refuse_na(args[[name]], name, sys.call(-1))
    answer <- backend$chat_call(session, method, args)
    if (answer[[1]] != reply_ok) raise_reply(answer, sys.call(-1))
    chat_result(model, answer[[2]], answer[[3]])
  }

  self <- new.env(parent = emptyenv())
  self$send_message <- function(content, content_type = "text/plain") {
    invoke("send_message", list(content = content, content_type = content_type))
  }
  self$send_event <- function(content_type, content = NULL) {
    invoke("send_event", list(content_type = content_type, content = content))
  }
  self$send_typing <- function() invoke("send_typing")
  self$send_read_receipt <- function(message_id) invoke("send_read_receipt", list(message_id = message_id))
  self$send_delivered_receipt <- function(message_id) {
    invoke("send_delivered_receipt", list(message_id = message_id))
  }
  self$send_attachment <- function(path, name = NULL, content_type = NULL) {
    invoke("send_attachment", list(source = path.expand(path), name = name, content_type = content_type))
  }
  self$get_attachment <- function(attachment_id, ...) {
    invoke("get_attachment", c(list(attachment_id = attachment_id), list(...)))
  }
  self$transcript <- function(...) invoke("transcript", list(...))
  self$transcript_all <- function() invoke("transcript_all")
  self$poll <- function(timeout = 5) invoke("poll", list(timeout = as.numeric(timeout)))
  self$state <- function() invoke("state")
  self$ended <- function() isTRUE(invoke("ended"))
  self$disconnect <- function() invoke("disconnect")
  self$close <- function() invisible(invoke("close"))
  class(self) <- "paws_compat_chat_session"
  self
}

print.paws_compat_chat_session <- function(x, ...) {
  cat("<paws.compat chat session: ", x$state(), ">\n", sep = "")
  invisible(x)
}

# The client behind a connectparticipant() object (every operation shares one context).
client_context <- function(svc) {
  context <- if (is.list(svc) && length(svc) > 0 && is.function(svc[[1]])) {
    environment(svc[[1]])$.context
  }
  if (!is.environment(context)) {
    stop("svc must be a client made by paws.compat::connectparticipant()", call. = FALSE)
  }
  context
}

# A chat method's reply: the model's shape when it has one, plain JSON otherwise.
chat_result <- function(model, json, shape) {
  value <- jsonlite::parse_json(json, simplifyVector = FALSE)
  if (!nzchar(shape)) {
    if (is.list(value) && length(value) == 0) return(list())
    return(value)
  }
  if (startsWith(shape, "[]")) {
    item <- substring(shape, 3L)
    out <- lapply(value, function(v) fill_value(model, item, v))
    return(out)
  }
  fill_value(model, shape, value)
}

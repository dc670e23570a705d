# A chat session from R: paws_compat.chat.ChatSession (managed websocket, every item delivered
# once, reconnects and gap fills), its results rebuilt from the model like the client's.

chat_session <- function(svc, ParticipantToken, ConnectParticipant = TRUE, timeout = 30, ...) {
  call <- redact_secrets(redact_call(sys.call(), chat_secret_args(), sys.function()))
  context <- client_context(svc, call)
  backend <- context$backend
  if (is.null(backend$chat_start)) {
    stop(compat_error("paws_compat_unsupported_error", "chat sessions need paws.compat's reticulate backend (not the ",
                      backend$name, " one)", call = call))
  }
  if (missing(ParticipantToken)) param_error("ParticipantToken", "is missing", "required", call)
  options <- list(...)
  refuse_na(ParticipantToken, "ParticipantToken", call)
  refuse_na(ConnectParticipant, "ConnectParticipant", call)
  refuse_na(options, "...", call)
  if (!is.character(ParticipantToken) || length(ParticipantToken) != 1L || !nzchar(ParticipantToken)) {
    param_error("ParticipantToken", paste0("is ", r_kind(ParticipantToken)), "must be one non-empty string", call)
  }
  check_seconds(timeout, "timeout", call)
  if (length(options) > 0 && (is.null(names(options)) || !all(nzchar(names(options))))) {
    param_error("...", "has an unnamed value", "chat_session() options must be named (ChatConfig's names)", call)
  }
  overrides <- if (length(options) == 0) NULL else options
  reply <- backend$chat_start(context$client, ParticipantToken, isTRUE(ConnectParticipant), timeout, overrides)
  if (reply[[1]] != reply_ok) raise_reply(reply, call)
  session <- reply[[2]]
  model <- context$model
  # The arguments a page of transcript() or get_attachment() may add (the model's, less the token).
  transcript_args <- setdiff(model$operations$get_transcript$arg_names, "ConnectionToken")
  attachment_args <- setdiff(model$operations$get_attachment$arg_names, c("AttachmentId", "ConnectionToken"))

  # Every argument is checked here, in R's words, before it crosses to Python.
  invoke <- function(method, args = list(), call = NULL) {
    if (is.null(call)) call <- sys.call(-1)
    args <- args[!vapply(args, is.null, NA)]
    if (length(args) == 0) args <- structure(list(), names = character(0))
    for (name in names(args)) refuse_na(args[[name]], name, call)
    answer <- backend$chat_call(session, method, args)
    if (answer[[1]] != reply_ok) raise_reply(answer, call)
    chat_result(model, answer[[2]], answer[[3]])
  }

  self <- new.env(parent = emptyenv())
  self$send_message <- function(content, content_type = "text/plain", ...) {
    call <- sys.call()
    no_other_args(list(...), "send_message", character(0), call)
    if (missing(content)) param_error("content", "is missing", "required: one character string", call)
    check_string(content, "content", call)
    check_string(content_type, "content_type", call)
    invoke("send_message", list(content = content, content_type = content_type), call)
  }
  self$send_event <- function(content_type, content = NULL, ...) {
    call <- sys.call()
    no_other_args(list(...), "send_event", character(0), call)
    if (missing(content_type)) param_error("content_type", "is missing", "required: one character string", call)
    check_string(content_type, "content_type", call)
    check_string(content, "content", call, null_ok = TRUE)
    invoke("send_event", list(content_type = content_type, content = content), call)
  }
  self$send_typing <- function(...) {
    call <- sys.call()
    no_other_args(list(...), "send_typing", character(0), call)
    invoke("send_typing", call = call)
  }
  receipt <- function(method) {
    force(method)
    function(message_id, ...) {
      call <- sys.call()
      no_other_args(list(...), method, character(0), call)
      if (missing(message_id)) param_error("message_id", "is missing", "required: one character string", call)
      check_string(message_id, "message_id", call)
      invoke(method, list(message_id = message_id), call)
    }
  }
  self$send_read_receipt <- receipt("send_read_receipt")
  self$send_delivered_receipt <- receipt("send_delivered_receipt")
  self$send_attachment <- function(path, name = NULL, content_type = NULL, ...) {
    call <- sys.call()
    no_other_args(list(...), "send_attachment", character(0), call)
    if (missing(path)) param_error("path", "is missing", "required: the path of a file", call)
    check_string(path, "path", call)
    check_string(name, "name", call, null_ok = TRUE)
    check_string(content_type, "content_type", call, null_ok = TRUE)
    file <- path.expand(path)
    if (!file.exists(file) || dir.exists(file) || file.access(file, 4L) != 0L) {
      param_error("path", paste0("is ", encodeString(path, quote = "\""), ", which is not a readable file"),
                  "must be the path of a file to upload", call)
    }
    invoke("send_attachment", list(source = file, name = name, content_type = content_type), call)
  }
  self$get_attachment <- function(attachment_id, ...) {
    call <- sys.call()
    extra <- list(...)
    no_other_args(extra, "get_attachment", attachment_args, call)
    if (missing(attachment_id)) param_error("attachment_id", "is missing", "required: one character string", call)
    check_string(attachment_id, "attachment_id", call)
    invoke("get_attachment", c(list(attachment_id = attachment_id), extra), call)
  }
  self$transcript <- function(...) {
    call <- sys.call()
    extra <- list(...)
    no_other_args(extra, "transcript", transcript_args, call)
    invoke("transcript", extra, call)
  }
  self$transcript_all <- function(...) {
    call <- sys.call()
    no_other_args(list(...), "transcript_all", character(0), call)
    invoke("transcript_all", call = call)
  }
  self$poll <- function(timeout = 5, ...) {
    call <- sys.call()
    no_other_args(list(...), "poll", character(0), call)
    check_seconds(timeout, "timeout", call)
    invoke("poll", list(timeout = as.numeric(timeout)), call)
  }
  self$state <- function() invoke("state")
  self$ended <- function() isTRUE(invoke("ended"))
  self$disconnect <- function() invoke("disconnect")
  self$close <- function() invisible(invoke("close"))
  class(self) <- "paws_compat_chat_session"
  self
}

# One string (NA refused); NULL too when null_ok.
check_string <- function(value, name, call, null_ok = FALSE) {
  refuse_na(value, name, call)
  if (is.null(value) && null_ok) return(invisible())
  if (!is.character(value) || length(value) != 1L) {
    rule <- if (null_ok) "must be one character string, or NULL" else "must be one character string"
    param_error(name, paste0("is ", r_kind(value)), rule, call)
  }
  invisible()
}

# A number of seconds: one number, not NA, 0 or more.
check_seconds <- function(value, name, call) {
  refuse_na(value, name, call)
  if (!is.numeric(value) || length(value) != 1L) {
    param_error(name, paste0("is ", r_kind(value)), "must be one number of seconds, 0 or more", call)
  }
  if (value < 0) {
    param_error(name, paste0("is ", format(value)), "must be one number of seconds, 0 or more", call)
  }
  invisible()
}

# The arguments a chat method got through `...`: only the named ones it accepts (none for most).
no_other_args <- function(extra, method, allowed, call) {
  if (length(extra) == 0) return(invisible())
  keys <- names(extra)
  if (is.null(keys)) keys <- character(length(extra))
  bad <- which(!nzchar(keys) | !(keys %in% allowed))
  if (length(bad) == 0) return(invisible())
  first <- bad[[1]]
  rule <- if (length(allowed) > 0) {
    paste0("the arguments ", method, "() accepts: ", paste(allowed, collapse = ", "))
  } else {
    paste0(method, "() takes no such argument")
  }
  if (!nzchar(keys[[first]])) {
    param_error(paste0("..", first), "is an extra unnamed argument", rule, call)
  }
  param_error(keys[[first]], paste0("is not an argument of ", method, "()"), rule, call)
}

print.paws_compat_chat_session <- function(x, ...) {
  cat("<paws.compat chat session: ", x$state(), ">\n", sep = "")
  invisible(x)
}

# The client behind a connectparticipant() object (every operation shares one context).
client_context <- function(svc, call = NULL) {
  context <- if (is.list(svc) && length(svc) > 0 && is.function(svc[[1]])) {
    environment(svc[[1]])$.context
  }
  if (!is.environment(context)) {
    param_error("svc", paste0("is ", r_kind(svc)), "must be a client made by paws.compat::connectparticipant()",
                call)
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

# The arguments of chat_session() never shown: those of CreateParticipantConnection, which joins
# the chat with them, that the model data marks secret (the ParticipantToken).
chat_secret_args <- function() {
  model <- service_model(current_backend()$model_file("connectparticipant"))
  intersect(model$operations$create_participant_connection$secret_args, names(formals(chat_session)))
}

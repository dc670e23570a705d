# The client: a plain named list of functions, one per operation, as paws returns
# (documentation: man/connectparticipant.Rd).
connectparticipant <- function(config = list(), credentials = list(), endpoint = NULL, region = NULL) {
  call <- redact_secrets(redact_call(sys.call(), secret_names()$settings, sys.function()))
  new_service("connectparticipant", config, credentials, endpoint, region, call)
}

# Amazon Connect's contact and chat operations, as paws' (paws.customer.engagement's) connect():
# the same client, signed with SigV4 by the Python side (documentation: man/connect.Rd).
connect <- function(config = list(), credentials = list(), endpoint = NULL, region = NULL) {
  call <- redact_secrets(redact_call(sys.call(), secret_names()$settings, sys.function()))
  new_service("connect", config, credentials, endpoint, region, call)
}

new_service <- function(service, config, credentials, endpoint, region, call) {
  refuse_na(config, "config", call)
  refuse_na(credentials, "credentials", call)
  refuse_na(endpoint, "endpoint", call)
  refuse_na(region, "region", call)
  backend <- current_backend()
  model <- service_model(backend$model_file(service))
  reply <- backend$new_client(config, credentials, endpoint, region, service)
  if (reply[[1]] != reply_ok) {
    raise_reply(reply, call)
  }
  context <- new.env(parent = emptyenv())
  context$client <- reply[[2]]
  context$backend <- backend
  context$model <- model
  svc <- lapply(model$operations, make_operation, context = context)
  names(svc) <- names(model$operations)
  svc
}

# One operation as a function with paws' formals: the model's input members in model order,
# required ones without a default (so R itself reports them missing), the others NULL.
make_operation <- function(op, context) {
  args <- op$arg_names
  fmls <- rep(list(NULL), length(args))
  names(fmls) <- args
  for (name in op$required) fmls[name] <- list(quote(expr = ))
  collect <- as.call(c(list(as.name("list")), lapply(stats::setNames(args, args), as.name)))
  env <- new.env(parent = asNamespace("paws.compat"))
  env$.context <- context
  env$.operation <- op
  # paws.common's paginate() finds an operation's paginator in its body (the first statement's
  # call, argument `paginator`) and checks that the function's environment is named "paws...":
  # a pageable operation starts the same way, so paws.common's own paginate() pages it too.
  steps <- list(call("<-", as.name(".args"), collect),
                call("invoke_operation", as.name(".context"), as.name(".operation"), as.name(".args"),
                     quote(sys.call()), quote(sys.function())))
  if (!is.null(op$paginator)) {
    pager <- as.call(c(list(as.name("list")), op$paginator))
    steps <- c(list(call("<-", as.name(".paginator"), call("paging_spec", paginator = pager))), steps)
  }
  f <- function() NULL
  formals(f) <- fmls
  body(f) <- as.call(c(list(as.name("{")), steps))
  attr(env, "name") <- "paws.compat"
  environment(f) <- env
  f
}

paging_spec <- function(paginator) paginator

# One call: arguments checked and converted, the Python client called, the reply made R's.
invoke_operation <- function(context, operation, args, call, definition = NULL) {
  model <- context$model
  call <- redact_call(call, operation$secret_args, definition)
  args <- prepare_args(model, operation, args, call)
  reply <- context$backend$call(context$client, operation$method, args)
  if (reply[[1]] == reply_ok) {
    return(build_result(model, operation$output, reply[[2]]))
  }
  raise_reply(reply, call)
}

# Arguments as paws takes them: NULL and empty ones left out, NA refused (reticulate would send
# TRUE or "NA"), an atomic vector where the model wants a list sent as that list.
prepare_args <- function(model, operation, args, call) {
  for (name in names(args)) refuse_na(args[[name]], name, call)
  keep <- vapply(args, function(x) length(x) > 0, NA)
  args <- args[keep]
  if (length(args) == 0) return(structure(list(), names = character(0)))
  shapes <- operation$arg_shapes
  for (name in names(args)) {
    args[name] <- list(prepare_value(model, shapes[[name]], args[[name]]))
  }
  args
}

prepare_value <- function(model, shape_name, value) {
  if (is.factor(value)) value <- as.character(value)
  type <- model$shapes[[shape_name]]$type
  if (type == "list") {
    member <- model$shapes[[shape_name]]$member$shape
    value <- if (is.list(value)) unname(value) else as.list(unname(value))
    return(lapply(value, function(v) prepare_value(model, member, v)))
  }
  if (type == "structure" || type == "map") {
    if (!is.list(value) && !is.null(names(value))) value <- as.list(value)
    if (!is.list(value) || is.null(names(value))) return(value)
    value <- value[vapply(value, function(x) length(x) > 0, NA)]
    specs <- if (type == "structure") model$shapes[[shape_name]]$members else NULL
    for (name in names(value)) {
      inner <- if (type == "map") model$shapes[[shape_name]]$value$shape else specs[[name]]$shape
      if (!is.null(inner)) value[name] <- list(prepare_value(model, inner, value[[name]]))
    }
    return(value)
  }
  value
}

# A value R can send: NA refused (reticulate would send TRUE or "NA"), and so is anything that is
# not data (a function, an environment...), with the argument named.
refuse_na <- function(value, name, call) {
  odd <- non_data_path(value, name)
  if (!is.null(odd)) {
    param_error(odd$path, paste0("is ", odd$kind, ", not a value this service accepts"),
                "give a character string, a number, TRUE/FALSE or a list", call)
  }
  if (length(value) == 0 || !anyNA(value, recursive = TRUE)) return(invisible())
  where <- na_path(value, name)
  param_error(where, "NA is not a value this service accepts", "give a value, or NULL to leave the argument out",
              call)
}

# paws.compat's validation condition: "Invalid argument <name>: <problem> (<rule>)"; also paws'
# http_400 condition of the service's ValidationException, so existing paws handlers fire.
param_error <- function(name, problem, rule, call) {
  message <- paste0("Invalid argument ", name, ": ", problem, " (", rule, ")")
  stop(validation_condition(c("paws_compat_param_validation_error", "paws_compat_error"), message, call))
}

# The path of the first element that is not data (NULL when every element is), and its kind.
non_data_path <- function(value, path) {
  if (is.null(value) || is.atomic(value)) return(NULL)
  if (is.list(value)) {
    keys <- names(value)
    for (i in seq_along(value)) {
      step <- if (!is.null(keys) && nzchar(keys[[i]])) paste0("$", keys[[i]]) else paste0("[[", i, "]]")
      found <- non_data_path(value[[i]], paste0(path, step))
      if (!is.null(found)) return(found)
    }
    return(NULL)
  }
  list(path = path, kind = r_kind(value))
}

# A value's kind in R's words, never its content.
r_kind <- function(value) {
  if (is.null(value)) return("NULL")
  if (is.function(value)) return("a function")
  if (is.environment(value)) return("an environment")
  if (is.factor(value)) return(paste0("a factor of length ", length(value)))
  if (is.list(value)) return(paste0("a list of length ", length(value)))
  if (is.atomic(value)) {
    type <- switch(typeof(value), double = "numeric", typeof(value))
    if (length(value) == 1L) {
      single <- c(character = "a character string", numeric = "a number", integer = "an integer",
                  logical = "a logical value")
      return(if (type %in% names(single)) single[[type]] else paste0("a single ", type, " value"))
    }
    return(paste0("a ", type, " vector of length ", length(value)))
  }
  paste0("an object of type ", typeof(value))
}

na_path <- function(value, path) {
  if (!is.list(value)) return(path)
  keys <- names(value)
  for (i in seq_along(value)) {
    if (anyNA(value[[i]], recursive = TRUE)) {
      step <- if (!is.null(keys) && nzchar(keys[[i]])) paste0("$", keys[[i]]) else paste0("[[", i, "]]")
      return(na_path(value[[i]], paste0(path, step)))
    }
  }
  path
}

# The call an error reports, with token values written in it replaced (a variable name is kept:
# it shows no secret). `definition` (the called function) lets a token passed by position or by a
# partial name be found too; when the call cannot be matched (a `...` passed on), every argument
# not named exactly for a non-secret formal is replaced.
redact_call <- function(call, secret, definition = NULL) {
  if (is.null(call) || length(secret) == 0 || length(call) < 2L) return(call)
  positions <- call
  for (i in seq_len(length(call) - 1L)) {
    if (!identical(call[[i + 1L]], quote(...))) positions[[i + 1L]] <- i
  }
  bound <- if (is.null(definition)) {
    positions
  } else {
    tryCatch(match.call(definition, positions, envir = emptyenv()), error = function(e) NULL)
  }
  if (is.null(bound)) {
    keys <- names(call)[-1L]
    if (is.null(keys)) keys <- character(length(call) - 1L)
    plain <- setdiff(names(formals(definition)), c(secret, "..."))
    hide <- which(!(keys %in% plain))
  } else {
    keys <- names(bound)
    if (is.null(keys)) return(call)
    hide <- unlist(lapply(which(keys %in% secret), function(j) bound[[j]]))
  }
  for (i in hide) {
    if (is.numeric(i) && !is.name(call[[i + 1L]])) call[[i + 1L]] <- "<redacted>"
  }
  call
}

# What a shown call hides, from paws_compat (r_bridge.dispatch.secret_names; read once): `settings`,
# the arguments and credential fields holding credentials, and `words`, what the name of an
# argument carrying a token holds (the model's secret stamp). No second list is kept here.
secret_names <- function() {
  if (is.null(.state$secret_names)) {
    backend <- current_backend()
    get <- if (is.null(backend$secret_names)) reticulate_backend()$secret_names else backend$secret_names
    names <- jsonlite::parse_json(get(), simplifyVector = TRUE)
    names$pattern <- paste0("(?i)(", paste(c(names$settings, names$words), collapse = "|"), ")")
    .state$secret_names <- names
  }
  .state$secret_names
}

# Whether an argument's name says its value is a secret (a credential, a token), in any case.
secret_arg_name <- function(name) grepl(secret_names()$pattern, name, perl = TRUE)

# Secrets written in a call's text (connectparticipant(config = list(credentials = ...)), a
# token, a password in an endpoint URL) replaced, at any depth; variable names are kept.

redact_secrets <- function(expr) {
  if (is.character(expr)) {
    return(sub("^([A-Za-z][A-Za-z0-9+.-]*://)[^/@]*@", "\\1***@", expr))
  }
  if (!is.call(expr)) return(expr)
  keys <- names(expr)
  for (i in seq_along(expr)[-1L]) {
    if (identical(expr[[i]], quote(expr = ))) next
    if (!is.null(keys) && nzchar(keys[[i]]) && secret_arg_name(keys[[i]])) {
      if (!is.name(expr[[i]])) expr[[i]] <- "<redacted>"
    } else if (!is.null(expr[[i]])) {
      expr[i] <- list(redact_secrets(expr[[i]]))
    }
  }
  expr
}

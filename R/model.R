# The service model, read from the very file the Python client uses. Formals, argument shapes and
# result types all come from here; nothing about an operation is written in R by hand.

snake_case <- function(name) {
  step <- gsub("([A-Z]+)([A-Z][a-z])", "\\1_\\2", name)
  tolower(gsub("([a-z0-9])([A-Z])", "\\1_\\2", step))
}

service_model <- function(path) {
  if (is.null(.state$models)) .state$models <- list()
  model <- .state$models[[path]]
  if (is.null(model)) {
    model <- read_model(path)
    .state$models[[path]] <- model
  }
  model
}

read_model <- function(path) {
  raw <- jsonlite::read_json(path, simplifyVector = FALSE)
  shapes <- list2env(raw$shapes, hash = TRUE, parent = emptyenv())
  model <- new.env(parent = emptyenv())
  model$shapes <- shapes
  model$empties <- new.env(hash = TRUE, parent = emptyenv())
  pagers <- raw$paginators
  ops <- lapply(raw$operations, function(op) {
    input <- if (is.null(op$input)) NULL else shapes[[op$input]]
    members <- if (is.null(input)) list() else input$members
    list(
      name = op$name,
      method = snake_case(op$name),
      arg_names = names(members),
      arg_shapes = vapply(members, function(m) m$shape, ""),
      # Arguments never shown in an error's call: the members the model data marks secret
      # (tools/generate_model.py stamps them; paws_compat reads the same stamp).
      secret_args = names(members)[vapply(members, function(m) isTRUE(m$secret), NA)],
      required = unlist(input$required),
      output = if (is.null(op$output)) NULL else op$output,
      # The model's paginator (input_token, output_token, limit_key, result_key), NULL when the
      # operation does not page.
      paginator = paging_fields(pagers[[op$name]])
    )
  })
  names(ops) <- vapply(ops, function(op) op$method, "")
  model$operations <- ops
  model
}

paging_fields <- function(spec) {
  if (is.null(spec)) return(NULL)
  spec[intersect(c("input_token", "output_token", "limit_key", "result_key"), names(spec))]
}

# paws' empty value of a shape: what a member the response lacks looks like.
empty_value <- function(model, name) {
  cached <- model$empties[[name]]
  if (!is.null(cached)) return(cached)
  shape <- model$shapes[[name]]
  value <- switch(shape$type,
    structure = {
      members <- shape$members
      if (length(members) == 0) {
        list()
      } else {
        out <- lapply(members, function(m) empty_value(model, m$shape))
        names(out) <- names(members)
        out
      }
    },
    list = ,
    map = list(),
    boolean = logical(0),
    integer = ,
    long = ,
    double = ,
    float = numeric(0),
    timestamp = paws_time(NULL),
    character(0)
  )
  assign(name, value, envir = model$empties)
  value
}

# A value decoded from JSON (jsonlite, simplifyVector = FALSE), filled and typed as paws does.
fill_value <- function(model, name, value) {
  if (is.null(value)) return(empty_value(model, name))
  shape <- model$shapes[[name]]
  switch(shape$type,
    structure = fill_structure(model, name, shape, value),
    list = fill_list(model, shape$member$shape, value),
    map = {
      if (length(value) == 0) return(list())
      value_shape <- shape$value$shape
      out <- lapply(value, function(v) fill_value(model, value_shape, v))
      names(out) <- names(value)
      out
    },
    boolean = as.logical(value),
    integer = ,
    long = ,
    double = ,
    float = as.numeric(value),
    timestamp = paws_time(value),
    as.character(value)
  )
}

# A timestamp as paws gives it (Connect sends epoch seconds): POSIXct in GMT, paws' own expression.
paws_time <- function(value) {
  if (is.character(value)) value <- as.numeric(as.POSIXct(value, tz = "GMT", format = "%Y-%m-%dT%H:%M:%OS"))
  ISOdatetime(1970, 1, 1, 0, 0, 0, tz = "GMT") + as.numeric(value)
}

fill_structure <- function(model, name, shape, value) {
  out <- empty_value(model, name)
  if (length(out) == 0 || length(value) == 0) return(out)
  members <- shape$members
  for (member in names(value)) {
    spec <- members[[member]]
    item <- value[[member]]
    if (!is.null(spec) && !is.null(item)) {
      out[member] <- list(fill_value(model, spec$shape, item))
    }
  }
  out
}

fill_list <- function(model, member_name, value) {
  if (length(value) == 0) return(list())
  member <- model$shapes[[member_name]]
  type <- member$type
  if (type %in% c("structure", "list", "map")) {
    out <- lapply(value, function(v) fill_value(model, member_name, v))
    names(out) <- NULL
    return(out)
  }
  # A list of scalars is an atomic vector in paws (one item gives a plain scalar).
  switch(type,
    boolean = vapply(value, function(v) if (is.null(v)) NA else as.logical(v), NA, USE.NAMES = FALSE),
    integer = ,
    long = ,
    double = ,
    float = vapply(value, function(v) if (is.null(v)) NA_real_ else as.numeric(v), 0, USE.NAMES = FALSE),
    vapply(value, function(v) if (is.null(v)) NA_character_ else as.character(v), "", USE.NAMES = FALSE)
  )
}

# The result of an operation from the JSON of its present members.
build_result <- function(model, output, json) {
  if (is.null(output)) return(list())
  template <- empty_value(model, output)
  if (length(template) == 0) return(list())
  fill_value(model, output, jsonlite::parse_json(json, simplifyVector = FALSE))
}

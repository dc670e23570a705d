# paws.common's paginate(), paginate_lapply() and paginate_sapply() for this package's clients, so a
# script's `paginate(svc$get_transcript(...))` runs unchanged: the unevaluated operation call is
# evaluated again and again in the caller's frame with the last page's token, and the pages (or
# FUN of each) come back in a list, as paws.common 0.8.10 gives them. Unlike paws.common, a token
# the service repeats ends in an error (paws.common would page for ever) unless StopOnSameToken.

paginate <- function(Operation, PageSize = NULL, MaxItems = NULL, StartingToken = NULL,
                     StopOnSameToken = FALSE) {
  pager <- page_call(substitute(Operation), parent.frame(), PageSize, MaxItems, StartingToken, StopOnSameToken,
                     sys.call())
  page_through(pager, MaxItems, StopOnSameToken, identity)
}

paginate_lapply <- function(Operation, FUN, ..., PageSize = NULL, MaxItems = NULL, StartingToken = NULL,
                            StopOnSameToken = FALSE) {
  FUN <- match.fun(FUN)
  pager <- page_call(substitute(Operation), parent.frame(), PageSize, MaxItems, StartingToken, StopOnSameToken,
                     sys.call())
  page_through(pager, MaxItems, StopOnSameToken, function(page) FUN(page, ...))
}

paginate_sapply <- function(Operation, FUN, ..., simplify = TRUE, PageSize = NULL, MaxItems = NULL,
                            StartingToken = NULL, StopOnSameToken = FALSE) {
  FUN <- match.fun(FUN)
  pager <- page_call(substitute(Operation), parent.frame(), PageSize, MaxItems, StartingToken, StopOnSameToken,
                     sys.call())
  result <- page_through(pager, MaxItems, StopOnSameToken, function(page) FUN(page, ...))
  if (isFALSE(simplify)) return(result)
  simplify2array(result, higher = identical(simplify, "array"))
}

# The operation call to repeat (a do.call(svc$op, args) rebuilt as svc$op(<args>)), checked to
# be a pageable operation of a paws.compat client, with PageSize and StartingToken filled in
# where the call does not give them; every argument checked before anything is sent.
page_call <- function(expr, env, page_size, max_items, starting_token, stop_on_same, call) {
  check_count(page_size, "PageSize", call)
  check_count(max_items, "MaxItems", call)
  check_string(starting_token, "StartingToken", call, null_ok = TRUE)
  refuse_na(stop_on_same, "StopOnSameToken", call)
  if (!is.logical(stop_on_same) || length(stop_on_same) != 1L) {
    param_error("StopOnSameToken", paste0("is ", r_kind(stop_on_same)), "must be TRUE or FALSE", call)
  }
  rule <- "must be a call of a paws.compat client's operation, e.g. svc$get_transcript(ConnectionToken = token)"
  if (!is.call(expr)) {
    param_error("Operation", paste0("is ", if (is.name(expr)) as.character(expr) else r_kind(expr), ", not a call"),
                rule, call)
  }
  if (identical(expr[[1]], quote(do.call))) {
    args <- eval(expr[[3]], envir = env)
    expr <- expr[2]
    for (key in names(args)) expr[key] <- list(args[[key]])
  }
  fn <- eval(expr[[1]], envir = env)
  operation <- if (is.function(fn)) environment(fn)$.operation
  if (!is.list(operation) || is.null(operation$method)) {
    param_error("Operation", paste0("calls ", r_kind(fn)), rule, call)
  }
  pager <- operation$paginator
  if (is.null(pager)) {
    pageable <- names(Filter(function(op) !is.null(op$paginator), environment(fn)$.context$model$operations))
    param_error("Operation", paste0("calls ", operation$method, "(), which does not page"),
                paste0("operations that page: ", paste(pageable, collapse = ", ")), call)
  }
  if (!is.null(starting_token) && is.null(expr[[pager$input_token]])) {
    expr[pager$input_token] <- list(starting_token)
  }
  if (!is.null(page_size) && !is.null(pager$limit_key) && is.null(expr[[pager$limit_key]])) {
    expr[pager$limit_key] <- list(page_size)
  }
  list(expr = expr, env = env, paginator = pager, name = operation$name)
}

# The pages, FUN applied to each: the call evaluated with the last page's token until a page has
# none (paws' empty character(0)), MaxItems items have come, or (StopOnSameToken) the token repeats.
page_through <- function(pager, max_items, stop_on_same, each) {
  expr <- pager$expr
  input <- pager$paginator$input_token
  output <- pager$paginator$output_token
  seen <- character(0)
  items <- 0
  result <- list()
  repeat {
    page <- eval(expr, envir = pager$env)
    token <- page[[output]]
    if (length(token) > 0 && token %in% c(seen, expr[[input]])) {
      if (isTRUE(stop_on_same)) break
      stop(structure(
        class = c("paws_compat_pagination_error", "paws_compat_error", "error", "condition"),
        list(message = paste0(pager$name, " returned the same ", output,
                              " twice (StopOnSameToken = TRUE stops there)"), call = NULL)
      ))
    }
    result[[length(result) + 1L]] <- each(page)
    if (length(token) == 0) break
    if (!is.null(max_items)) {
      items <- items + length(page[[pager$paginator$result_key]])
      if (items >= max_items) break
    }
    seen <- c(seen, token)
    expr[input] <- list(token)
  }
  result
}

# A number of items or a page size: NULL, or one whole number of at least 1.
check_count <- function(value, name, call) {
  refuse_na(value, name, call)
  if (is.null(value)) return(invisible())
  if (!is.numeric(value) || length(value) != 1L || value < 1 || value != round(value)) {
    what <- if (is.numeric(value) && length(value) == 1L) format(value) else r_kind(value)
    param_error(name, paste0("is ", what), "must be NULL or one whole number of at least 1", call)
  }
  invisible()
}

# paws.common's paginate(), paginate_lapply() and paginate_sapply() on a client's get_transcript,
# against the emulator: the pages are the very results the calls give by hand.

paging_chat <- function(messages = 5) {
  emu <- emulator()
  pair <- emu$start_chat_with_agent()
  svc <- connectparticipant(endpoint = emu$endpoint, region = "us-east-1")
  conn <- svc$create_participant_connection(Type = "CONNECTION_CREDENTIALS",
                                            ParticipantToken = pair$customer$participant_token)
  token <- conn$ConnectionCredentials$ConnectionToken
  for (i in seq_len(messages)) {
    svc$send_message(ContentType = "text/plain", Content = paste0("m", i), ConnectionToken = token)
  }
  list(emu = emu, svc = svc, token = token)
}

# The pages as a paws user fetches them by hand: NextToken from each page into the next call.
pages_by_hand <- function(svc, token, size) {
  pages <- list()
  following <- NULL
  repeat {
    page <- svc$get_transcript(ConnectionToken = token, SortOrder = "ASCENDING", MaxResults = size,
                               NextToken = following)
    pages[[length(pages) + 1L]] <- page
    following <- page$NextToken
    if (length(following) == 0) break
  }
  pages
}

test_that("paginate() gives every page, identical to the calls made by hand", {
  chat <- paging_chat()
  svc <- chat$svc
  ctoken <- chat$token
  by_hand <- pages_by_hand(svc, ctoken, 2)
  expect_gte(length(by_hand), 3L)
  pages <- paginate(svc$get_transcript(ConnectionToken = ctoken, SortOrder = "ASCENDING"), PageSize = 2)
  expect_identical(pages, by_hand)
  # MaxResults in the call itself, and do.call() as paws.common accepts it.
  expect_identical(paginate(svc$get_transcript(ConnectionToken = ctoken, SortOrder = "ASCENDING", MaxResults = 2)),
                   by_hand)
  args <- list(ConnectionToken = ctoken, SortOrder = "ASCENDING", MaxResults = 2)
  expect_identical(paginate(do.call(svc$get_transcript, args)), by_hand)
  contents <- unlist(lapply(pages, function(p) lapply(p$Transcript, function(i) i$Content)))
  expect_true(all(paste0("m", 1:5) %in% contents))
})

test_that("paginate_lapply() and paginate_sapply() apply FUN to each page", {
  chat <- paging_chat()
  svc <- chat$svc
  ctoken <- chat$token
  by_hand <- pages_by_hand(svc, ctoken, 2)
  counts <- vapply(by_hand, function(p) length(p$Transcript), 0L)
  expect_identical(paginate_lapply(svc$get_transcript(ConnectionToken = ctoken, SortOrder = "ASCENDING"),
                                   function(page, extra) length(page$Transcript) + extra, extra = 0L, PageSize = 2),
                   as.list(counts))
  expect_identical(paginate_sapply(svc$get_transcript(ConnectionToken = ctoken, SortOrder = "ASCENDING"),
                                   function(page) length(page$Transcript), PageSize = 2),
                   counts)
  expect_identical(paginate_sapply(svc$get_transcript(ConnectionToken = ctoken, SortOrder = "ASCENDING"),
                                   function(page) length(page$Transcript), simplify = FALSE, PageSize = 2),
                   as.list(counts))
})

test_that("MaxItems stops after the page that reaches it, StartingToken starts there", {
  chat <- paging_chat()
  svc <- chat$svc
  ctoken <- chat$token
  by_hand <- pages_by_hand(svc, ctoken, 2)
  first <- paginate(svc$get_transcript(ConnectionToken = ctoken, SortOrder = "ASCENDING"), PageSize = 2, MaxItems = 3)
  expect_identical(first, by_hand[1:2])
  rest <- paginate(svc$get_transcript(ConnectionToken = ctoken, SortOrder = "ASCENDING"), PageSize = 2,
                   StartingToken = by_hand[[1]]$NextToken)
  expect_identical(rest, by_hand[-1])
})

test_that("a repeated token is an error, or the end with StopOnSameToken", {
  server <- scripted_server()
  svc <- scripted_client(server)
  page <- list(Transcript = list(list(Id = "a", Type = "MESSAGE", Content = "x")), NextToken = "same")
  reply(server, page)
  reply(server, page)
  err <- tryCatch(paginate(svc$get_transcript(ConnectionToken = "tok")), error = function(e) e)
  expect_s3_class(err, c("paws_compat_pagination_error", "paws_compat_error", "error", "condition"), exact = TRUE)
  expect_match(conditionMessage(err), "GetTranscript returned the same NextToken twice")
  reply(server, page)
  reply(server, page)
  pages <- paginate(svc$get_transcript(ConnectionToken = "tok"), StopOnSameToken = TRUE)
  expect_length(pages, 1L)
  expect_identical(pages[[1]]$NextToken, "same")
  expect_identical(last_body(server)$NextToken, "same")
})

test_that("bad paginate() arguments are refused before anything is sent", {
  chat <- paging_chat(0)
  svc <- chat$svc
  ctoken <- chat$token
  before <- length(chat$emu$requests)
  refused <- function(expr) tryCatch(expr, paws_compat_param_validation_error = function(e) e)
  e <- refused(paginate(svc$get_transcript(ConnectionToken = ctoken), MaxItems = 0))
  expect_s3_class(e, "http_400")
  expect_match(conditionMessage(e), "Invalid argument MaxItems: is 0 (must be NULL or one whole number of at least 1)",
               fixed = TRUE)
  e <- refused(paginate(svc$get_transcript(ConnectionToken = ctoken), PageSize = "2"))
  expect_match(conditionMessage(e), "Invalid argument PageSize: is a character string", fixed = TRUE)
  e <- refused(paginate(svc$get_transcript(ConnectionToken = ctoken), StopOnSameToken = NA))
  expect_match(conditionMessage(e), "Invalid argument StopOnSameToken: NA", fixed = TRUE)
  e <- refused(paginate(svc$send_message(ContentType = "text/plain", Content = "x", ConnectionToken = ctoken)))
  expect_match(conditionMessage(e),
               "Invalid argument Operation: calls send_message(), which does not page (operations that page: get_transcript)",
               fixed = TRUE)
  e <- refused(paginate(mean(1)))
  expect_match(conditionMessage(e), "Invalid argument Operation: calls a function", fixed = TRUE)
  e <- refused(paginate(svc))
  expect_match(conditionMessage(e), "Invalid argument Operation: is svc, not a call", fixed = TRUE)
  expect_identical(length(chat$emu$requests), before)
  # A service error from a page is paws' condition, with the operation's call (token kept out).
  denied <- tryCatch(paginate(svc$get_transcript(ConnectionToken = "bad-token-value")), http_403 = function(e) e)
  expect_identical(denied$status_code, 403L)
  expect_false(grepl("bad-token-value", paste(deparse(denied$call), collapse = ""), fixed = TRUE))
})

test_that("a pageable operation has the paginator paws.common's own paginate() reads", {
  svc <- connectparticipant(endpoint = "http://127.0.0.1:9", region = "us-east-1")
  fn <- svc$get_transcript
  # paws.common 0.8.10 checks the environment's name and reads body(fn)[[2]][[3]]$paginator.
  expect_true(startsWith(environmentName(environment(fn)), "paws"))
  expect_identical(eval(body(fn)[[2]][[3]]$paginator),
                   list(input_token = "NextToken", output_token = "NextToken", limit_key = "MaxResults",
                        result_key = "Transcript"))
  expect_null(body(svc$send_message)[[2]][[3]]$paginator)
})

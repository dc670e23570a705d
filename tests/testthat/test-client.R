# The client object: paws' operations, argument names, order and defaults, all from the model.

test_that("the client is a plain named list of the model's operations, in model order", {
  server <- scripted_server()
  svc <- scripted_client(server)
  model <- python_model()
  ops <- vapply(model$operations, function(op) op$method_name, "")
  expect_identical(names(svc), unname(ops))
  expect_length(svc, 11L)
  expect_identical(class(svc), "list")
  expect_identical(names(attributes(svc)), "names")
  expect_true(all(vapply(svc, is.function, NA)))
})

test_that("each operation has paws' formals: input members in model order, required without default", {
  server <- scripted_server()
  svc <- scripted_client(server)
  model <- python_model()
  for (op in model$operations) {
    f <- svc[[op$method_name]]
    members <- names(op$input_members)
    required <- unlist(reticulate::iterate(op$required))
    fmls <- formals(f)
    expect_identical(names(fmls), members, label = op$method_name)
    for (name in members) {
      if (name %in% required) {
        expect_identical(fmls[[name]], quote(expr = ), label = paste(op$method_name, name))
      } else {
        expect_null(fmls[[name]], label = paste(op$method_name, name))
      }
    }
  }
  expect_identical(
    names(formals(svc$create_participant_connection)),
    c("Type", "ParticipantToken", "ConnectParticipant")
  )
})

test_that("connectparticipant() has paws' own signature", {
  expect_identical(
    formals(connectparticipant),
    as.pairlist(alist(config = list(), credentials = list(), endpoint = NULL, region = NULL))
  )
})

test_that("a missing required argument fails with R's own message, before anything is sent", {
  server <- scripted_server()
  svc <- scripted_client(server)
  expect_error(
    svc$create_participant_connection(Type = list("WEBSOCKET")),
    'argument "ParticipantToken" is missing, with no default', fixed = TRUE
  )
  expect_error(svc$send_message(ContentType = "text/plain", Content = "hi"), '"ConnectionToken" is missing')
  expect_length(server$requests, 0L)
})

test_that("an unknown argument fails as in paws", {
  server <- scripted_server()
  svc <- scripted_client(server)
  expect_error(svc$disconnect_participant(ConnectionToken = "tok", Nope = 1), "unused argument")
})

test_that("the endpoint, region and config arguments reach the client", {
  server <- scripted_server()
  reply(server, list(Id = "m1"))
  svc <- connectparticipant(endpoint = server$endpoint, region = "eu-west-2", config = list(max_retries = 1))
  out <- svc$send_message(ContentType = "text/plain", Content = "hi", ConnectionToken = "tok")
  expect_identical(out$Id, "m1")
  expect_identical(server$last_request()$path, "/participant/message")
})

test_that("a bad config is an R error naming the setting", {
  expect_error(
    connectparticipant(config = list(max_retries = -1), region = "us-east-1"),
    class = "paws_compat_config_error"
  )
  expect_error(
    connectparticipant(config = list(max_retries = NA), region = "us-east-1"),
    "config\\$max_retries", class = "paws_compat_param_validation_error"
  )
  expect_error(connectparticipant(region = NA), "Invalid argument region")
})

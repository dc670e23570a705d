# Per-call time of create_participant_connection from R through paws.compat, against what
# reticulate itself costs per call, measured in one run, interleaved, against bench/server.py
# (a minimal keep-alive server in its own process).
#
#   source scripts/env.sh && Rscript bench/bench_r.R [calls per round] [rounds]
#
# Contenders, each a batch of `calls` calls per round, in turn (A B C D A B C D ...):
#   paws.compat      svc$create_participant_connection(...) : the whole R front-end
#   dispatch only    r_bridge.dispatch.call via reticulate, result left as JSON text (no R rebuild)
#   python client    the Python client's method via reticulate, result not converted
#   reticulate no-op a Python function doing nothing, called with the same three arguments
# paws itself is not installed here; paws-parity.md and performance.md give its figures
# (6.6 ms median per call on this kind of machine; the issue quotes about 11 ms).

args <- commandArgs(trailingOnly = TRUE)
calls <- if (length(args) >= 1) as.integer(args[[1]]) else 500L
rounds <- if (length(args) >= 2) as.integer(args[[2]]) else 7L

library(paws.compat)

start_server <- function() {
  python <- Sys.getenv("RETICULATE_PYTHON", "python3")
  port_file <- tempfile("bench-port-")
  # The server stops when its stdin closes: closing this pipe ends it.
  stdin <- pipe(sprintf("BENCH_SERVER_CPU=1 %s bench/server.py > %s", shQuote(python), shQuote(port_file)),
                open = "w")
  deadline <- Sys.time() + 15
  repeat {
    port <- if (file.exists(port_file)) readLines(port_file, n = 1L, warn = FALSE) else character(0)
    if (length(port) == 1L && grepl("^[0-9]+$", port)) break
    if (Sys.time() > deadline) {
      close(stdin)
      stop("bench/server.py did not start in 15 s")
    }
    Sys.sleep(0.05)
  }
  list(stdin = stdin, endpoint = paste0("http://127.0.0.1:", port))
}

server <- start_server()  # R closes the pipe when it exits, even on an error: the server ends

token <- "bench-participant-token"
types <- list("WEBSOCKET", "CONNECTION_CREDENTIALS")
svc <- connectparticipant(endpoint = server$endpoint, region = "us-east-1")

paws_compat <- reticulate::import("paws_compat", convert = FALSE)
dispatch <- reticulate::import("r_bridge.dispatch")
py_svc <- paws_compat$connectparticipant(endpoint = server$endpoint, region = "us-east-1")
py_method <- py_svc$create_participant_connection
py_client <- dispatch$new_client(NULL, NULL, server$endpoint, "us-east-1")[[2]]
py_call <- dispatch$call
noop <- reticulate::py_eval("lambda *args, **kwargs: None")

contenders <- list(
  "paws.compat" = function() {
    svc$create_participant_connection(Type = types, ParticipantToken = token, ConnectParticipant = TRUE)
  },
  "dispatch only" = function() {
    py_call(py_client, "create_participant_connection",
            list(Type = types, ParticipantToken = token, ConnectParticipant = TRUE))
  },
  "python client" = function() {
    py_method(Type = types, ParticipantToken = token, ConnectParticipant = TRUE)
  },
  "reticulate no-op" = function() {
    noop(Type = types, ParticipantToken = token, ConnectParticipant = TRUE)
  }
)

# The result must be paws' before it is worth timing.
check <- contenders[["paws.compat"]]()
stopifnot(identical(check$Websocket$ConnectionExpiry, "2026-11-25T21:56:46.045Z"),
          identical(check$WebRTCConnection$Attendee$JoinToken, character(0)))

for (f in contenders) for (i in seq_len(50)) f()  # warm-up: connections, caches, byte-compiler

wall <- matrix(NA_real_, rounds, length(contenders), dimnames = list(NULL, names(contenders)))
cpu <- wall
for (round in seq_len(rounds)) {
  for (name in names(contenders)) {
    f <- contenders[[name]]
    gc(FALSE)
    t0 <- proc.time()
    for (i in seq_len(calls)) f()
    t <- proc.time() - t0
    wall[round, name] <- t[["elapsed"]] / calls * 1e3
    cpu[round, name] <- (t[["user.self"]] + t[["sys.self"]]) / calls * 1e3
  }
}

fmt <- function(x) sprintf("%.3f (%.3f-%.3f)", stats::median(x), min(x), max(x))
cat(sprintf("\nR %s, reticulate %s, %d rounds x %d calls each, interleaved; ms per call, median (min-max)\n\n",
            getRversion(), utils::packageVersion("reticulate"), rounds, calls))
cat("| contender | wall ms/call | R-process CPU ms/call | calls/s |\n|---|---|---|---|\n")
for (name in names(contenders)) {
  cat(sprintf("| %s | %s | %s | %.0f |\n", name, fmt(wall[, name]), fmt(cpu[, name]),
              1e3 / stats::median(wall[, name])))
}
med <- apply(wall, 2, stats::median)
cat(sprintf(paste0(
  "\nR front-end cost (paws.compat - dispatch only): %.3f ms; reticulate per call (no-op): %.3f ms;\n",
  "paws.compat / python client: %.2fx; paws.compat vs paws' 6.6 ms median: %.1fx faster; goal <= 3 ms: %s\n"),
  med[["paws.compat"]] - med[["dispatch only"]], med[["reticulate no-op"]],
  med[["paws.compat"]] / med[["python client"]], 6.6 / med[["paws.compat"]],
  if (med[["paws.compat"]] <= 3) "met" else "NOT met"))

close(server$stdin)

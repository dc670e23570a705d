"""`python -m r_bridge.run script.R`: an unchanged paws script runs on our client, as Rscript would.

Each test runs the real runner in a subprocess (its own embedded R) against a loopback server
that stands in for AWS.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "testthat"))
from scripted_server import ScriptedServer  # noqa: E402

# The environment before any embedded R of this process changed it (rpy2 sets LD_LIBRARY_PATH
# and R's variables): a runner started from a shell gets this one.
CLEAN_ENV = dict(os.environ)


@pytest.fixture(scope="module")
def server() -> Iterator[ScriptedServer]:
    srv = ScriptedServer()
    try:
        yield srv
    finally:
        srv.close()


def run(script: Path, *args: str, module: str = "r_bridge.run") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", module, str(script), *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        check=False,
        env=CLEAN_ENV,
    )


PAWS_SCRIPT = r"""
args <- commandArgs(trailingOnly = TRUE)
svc <- paws::connectparticipant(config = list(endpoint = args[[1]], region = "us-east-1", max_retries = 1))
conn <- svc$create_participant_connection(Type = list("WEBSOCKET"), ParticipantToken = "tok",
                                          ConnectParticipant = TRUE)
str(conn$Websocket)
stopifnot(identical(conn$ConnectionCredentials, list(ConnectionToken = character(0), Expiry = character(0))))
res <- tryCatch(
  svc$send_message(ContentType = "text/plain", Content = "hi", ConnectionToken = "tok"),
  http_403 = function(e) c(class(e)[1:3], e$status_code, e$error_response$message)
)
print(res)
names(formals(svc$get_transcript))
"""


def test_paws_script_runs_unchanged(server: ScriptedServer, tmp_path: Path) -> None:
    server.reset()
    websocket = {"Url": "wss://x", "ConnectionExpiry": "2030-01-01T00:00:00Z"}
    server.reply(200, json.dumps({"Websocket": websocket}))
    server.reply(403, json.dumps({"message": "denied"}), {"x-amzn-ErrorType": "AccessDeniedException"})
    script = tmp_path / "old.R"
    script.write_text(PAWS_SCRIPT)
    proc = run(script, server.endpoint)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    assert proc.stdout.splitlines() == [
        "List of 2",
        ' $ Url             : chr "wss://x"',
        ' $ ConnectionExpiry: chr "2030-01-01T00:00:00Z"',
        '[1] "paws_error" "http_403"   "http_400"   "403"        "denied"    ',
        '[1] "ContactId"       "MaxResults"      "NextToken"       "ScanDirection"  ',
        '[5] "SortOrder"       "StartPosition"   "ConnectionToken"',
    ]
    first = server.requests[0]
    assert first["path"] == "/participant/connection"
    assert json.loads(first["body"]) == {"Type": ["WEBSOCKET"], "ConnectParticipant": True}


def test_library_paws_customer_engagement_and_python_m_r_bridge(
    server: ScriptedServer, tmp_path: Path
) -> None:
    server.reset()
    server.reply(200, json.dumps({"Transcript": [{"Id": "i1", "Content": "hello"}]}))
    script = tmp_path / "lib.R"
    script.write_text(
        "suppressPackageStartupMessages(library(paws.customer.engagement))\n"
        "svc <- connectparticipant(endpoint = commandArgs(TRUE)[1], region = 'us-east-1')\n"
        "tr <- svc$get_transcript(ConnectionToken = 'tok', MaxResults = 10)\n"
        "cat(tr$Transcript[[1]]$Content, length(tr$Transcript[[1]]), class(tr$NextToken), '\\n')\n"
        "cat(packageVersion('paws.customer.engagement') >= '0.10.0', '\\n')\n"
    )
    proc = run(script, server.endpoint, module="r_bridge")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "hello 12 character \nTRUE \n"
    assert json.loads(server.requests[0]["body"]) == {"MaxResults": 10}


def test_an_uncaught_error_halts_with_status_1_like_rscript(server: ScriptedServer, tmp_path: Path) -> None:
    server.reset()
    server.reply(429, json.dumps({"message": "slow down"}), {"x-amzn-ErrorType": "ThrottlingException"})
    script = tmp_path / "fail.R"
    script.write_text(
        "svc <- paws::connectparticipant(config = list(endpoint = commandArgs(TRUE)[1], max_retries = 1),\n"
        "                                region = 'us-east-1')\n"
        "cat('before\\n')\n"
        "svc$disconnect_participant(ConnectionToken = 'secret-tok')\n"
        "cat('never\\n')\n"
    )
    proc = run(script, server.endpoint)
    assert proc.returncode == 1
    assert proc.stdout == "before\n"
    # Rscript's layout: the call, the message on its own line when long, the calls, the halt.
    assert proc.stderr.startswith(
        'Error in svc$disconnect_participant(ConnectionToken = "<redacted>") : \n'
        "  ThrottlingException (HTTP 429). slow down\nCalls: "
    )
    assert proc.stderr.endswith("\nExecution halted\n")
    assert "secret-tok" not in proc.stderr


def test_na_and_quit_status(server: ScriptedServer, tmp_path: Path) -> None:
    server.reset()
    script = tmp_path / "quit.R"
    script.write_text(
        "svc <- paws::connectparticipant(endpoint = commandArgs(TRUE)[1], region = 'us-east-1')\n"
        "msg <- tryCatch(\n"
        "  svc$create_participant_connection(ParticipantToken = 'tok', ConnectParticipant = NA),\n"
        "  error = function(e) conditionMessage(e))\n"
        "cat(msg, '\\n')\n"
        "quit(status = 3)\n"
    )
    proc = run(script, server.endpoint)
    assert proc.returncode == 3, proc.stderr
    assert proc.stdout.startswith("Invalid argument ConnectParticipant: NA")
    assert server.requests == []


def test_a_missing_script_is_reported(tmp_path: Path) -> None:
    proc = run(tmp_path / "nope.R")
    assert proc.returncode == 2
    assert "no such script" in proc.stderr


def test_stand_ins_are_put_in_a_cache_and_reused(r, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from rpy2.rinterface_lib import openrlib

    from r_bridge.run import STUB_PACKAGES, _library_paths, stub_library

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    version = str(r("R.version.string")[0])
    first = stub_library(openrlib.R_HOME, _library_paths(), version)
    stamp = (first / "paws" / "Meta" / "package.rds").stat().st_mtime_ns
    second = stub_library(openrlib.R_HOME, _library_paths(), version)
    assert first == second and first.is_relative_to(tmp_path)
    assert sorted(p.name for p in first.iterdir() if not p.name.startswith(".")) == sorted(STUB_PACKAGES)
    assert (second / "paws" / "Meta" / "package.rds").stat().st_mtime_ns == stamp


CHAT_SCRIPT = r"""
token <- readLines(file("stdin"), n = 1L)
svc <- paws::connectparticipant(endpoint = commandArgs(TRUE)[1], region = "us-east-1")
chat <- paws.compat::chat_session(svc, ParticipantToken = token)
print(chat)
sent <- chat$send_message("hello from a runner script")
seen <- NULL
for (i in 1:20) {
  for (item in chat$poll(timeout = 0.5)) if (identical(item$Id, sent$Id)) seen <- item
  if (!is.null(seen)) break
}
cat(seen$Content, seen$ParticipantRole, length(seen), "\n")
chat$disconnect()
cat(chat$ended(), "\n")
"""


def test_a_chat_session_runs_in_the_runner(tmp_path: Path) -> None:
    from paws_compat.emulator import Emulator

    script = tmp_path / "chat.R"
    script.write_text(CHAT_SCRIPT)
    with Emulator() as emu:
        chat = emu.start_chat(display_name="Runner")
        proc = subprocess.run(
            [sys.executable, "-m", "r_bridge.run", str(script), emu.endpoint],
            input=chat.participant_token + "\n",
            capture_output=True,
            text=True,
            timeout=120,
            cwd=ROOT,
            check=False,
            env=CLEAN_ENV,
        )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == (
        "<paws.compat chat session: connected>\nhello from a runner script CUSTOMER 12 \nlist()\nTRUE \n"
    )
    assert chat.participant_token not in proc.stdout + proc.stderr


FATAL_ERRORS = {
    "nested_long": 'f <- function(x) g(x)\ng <- function(x) stop("boom: this is a fairly long message that '
    'should wrap onto the next line ok")\ncat("before\\n")\nf(1)\n',
    "one_call": 'h <- function() stop("short")\nh()\n',
    "builtin": 'x <- 1 + "a"\n',
    "top_level": 'stop("top level")\n',
    "apply": 'k <- function(n) log(-1:n, base = "x")\nlapply(1:2, function(i) k(i))\n',
}


@pytest.mark.parametrize("name", sorted(FATAL_ERRORS))
def test_a_fatal_error_is_reported_as_rscript_reports_it(name: str, tmp_path: Path) -> None:
    script = tmp_path / f"{name}.R"
    script.write_text(FATAL_ERRORS[name], encoding="utf-8")
    ours = run(script)
    rscript = subprocess.run(
        ["Rscript", str(script)], capture_output=True, text=True, timeout=120, check=False, env=CLEAN_ENV
    )
    assert rscript.returncode == 1
    assert (ours.returncode, ours.stdout, ours.stderr) == (1, rscript.stdout, rscript.stderr)


def test_a_condition_names_the_operation_call_every_time(server: ScriptedServer, tmp_path: Path) -> None:
    # Embedded through rpy2, R's JIT made later calls through a helper from a source()d file
    # report the helper's expression as the condition's call (Rscript never did).
    server.reset()
    for _ in range(3):
        server.reply(403, json.dumps({"message": "denied"}), {"x-amzn-ErrorType": "AccessDeniedException"})
    helper = tmp_path / "helper.R"
    helper.write_text(
        "show <- function(e) print(conditionCall(e))\n"
        "tst <- function(expr, note = NULL) {\n"
        "  if (!is.null(note)) invisible(nchar(note))\n"
        "  r <- tryCatch(expr, error = show)\n"
        "  invisible(r)\n"
        "}\n"
    )
    script = tmp_path / "main.R"
    script.write_text(
        "svc <- paws::connectparticipant(config = list(endpoint = commandArgs(TRUE)[1], max_retries = 1),\n"
        "                                region = 'us-east-1')\n"
        f"source({str(helper)!r})\n"
        "tst(svc$send_message(ContentType = 'text/plain', Content = 'x', ConnectionToken = 'tk'), 'a')\n"
        "note <- 'b'\n"
        "tst(svc$send_message(ContentType = 'text/plain', Content = 'x', ConnectionToken = 'tk'), note)\n"
        "tst(svc$send_message(ContentType = 'text/plain', Content = 'x', ConnectionToken = 'tk'), note)\n"
    )
    proc = run(script, server.endpoint)
    assert proc.returncode == 0, proc.stderr
    expected = 'svc$send_message(ContentType = "text/plain", Content = "x", ConnectionToken = "<redacted>")'
    assert proc.stdout.splitlines() == [expected] * 3


AS_RSCRIPT = {
    # Rscript ignores a top-level on.exit(): there is no function to leave.
    "top_level_on_exit": 'on.exit(cat("never\\n"))\ncat("one\\n")\n'
    'f <- function() { on.exit(cat("left f\\n")); 1 }\nf()\n',
    # With warn = 0, a warning is printed after the top-level call that raised it.
    "deferred_warnings": 'f <- function() { warning("careful"); "done" }\nx <- f()\ncat("after\\n")\n'
    'g <- function() { warning("w1"); warning("w2"); 2 }\nprint(g())\nwarning("top")\n'
    'h <- function() warning("a warning message long enough that R puts it on its own line")\nh()\n',
    "warn_1_is_immediate": 'options(warn = 1)\nf <- function() { warning("now"); 1 }\ny <- f()\n'
    'cat("after\\n")\n',
    "suppressed": 'x <- suppressWarnings(as.numeric("x"))\nprint(x)\n',
    "command_args": 'args <- commandArgs()\ncat(sum(startsWith(args, "--file=")), commandArgs(TRUE), "\\n")\n'
    'me <- sub("--file=", "", grep("^--file=", args, value = TRUE))\ncat(basename(me), "\\n")\n',
}


@pytest.mark.parametrize("name", sorted(AS_RSCRIPT))
def test_the_runner_behaves_as_rscript(name: str, tmp_path: Path) -> None:
    script = tmp_path / f"{name}.R"
    script.write_text(AS_RSCRIPT[name], encoding="utf-8")
    ours = run(script, "x1", "x2")
    rscript = subprocess.run(
        ["Rscript", str(script), "x1", "x2"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=CLEAN_ENV,
    )
    assert (ours.returncode, ours.stdout, ours.stderr) == (rscript.returncode, rscript.stdout, rscript.stderr)


def test_paws_common_paginate_gives_the_pages(tmp_path: Path) -> None:
    from paws_compat.emulator import Emulator

    script = tmp_path / "pages.R"
    script.write_text(
        "svc <- paws::connectparticipant(config = list(endpoint = commandArgs(TRUE)[1]),\n"
        "  region = 'us-east-1')\n"
        "conn <- svc$create_participant_connection(Type = 'CONNECTION_CREDENTIALS',\n"
        "  ParticipantToken = commandArgs(TRUE)[2], ConnectParticipant = TRUE)\n"
        "tok <- conn$ConnectionCredentials$ConnectionToken\n"
        "for (i in 1:5) svc$send_message(ContentType = 'text/plain', Content = paste('m', i),\n"
        "  ConnectionToken = tok)\n"
        "pages <- paws.common::paginate(svc$get_transcript(ConnectionToken = tok, SortOrder = 'ASCENDING'),\n"
        "  PageSize = 2)\n"
        "items <- unlist(lapply(pages, function(p) lapply(p$Transcript, function(t) t$Content)))\n"
        "cat(length(pages) >= 3, sort(items[grepl('^m ', items)]), sep = '|')\n"
        "cat('\\n')\n"
    )
    with Emulator() as emu:
        chat = emu.start_chat(display_name="Pages")
        proc = run(script, emu.endpoint, chat.participant_token)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "TRUE|m 1|m 2|m 3|m 4|m 5\n"

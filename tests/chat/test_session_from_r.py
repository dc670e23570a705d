"""ChatSession used from real R through reticulate, frozen by R while the socket dies.

With reticulate 1.28 Python threads do not run while R code runs (r-and-python.md): the session's
thread stalls during `Sys.sleep()`. Meanwhile this test drops the socket and adds a message; the
next `poll()` from R must notice, reconnect and deliver everything once, on R's thread.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

from paws_compat.emulator import Emulator

ROOT = Path(__file__).resolve().parents[2]

R_SCRIPT = r"""
library(reticulate)
chat <- import("paws_compat.chat")
conftest <- import_from_path("conftest", path = Sys.getenv("CHAT_TEST_DIR"))
tokens <- readLines(Sys.getenv("CHAT_TOKENS"))
svc <- conftest$make_client(Sys.getenv("CHAT_ENDPOINT"))
config <- chat$ChatConfig$fast()
customer <- chat$ChatSession(svc, tokens[1], config = config)$start()
agent <- chat$ChatSession(svc, tokens[2], config = config)$start()
lost <- 0L
customer$on("connection_lost", function(event) lost <<- lost + 1L)
agent$send_message("before the freeze")
cat("FROZEN\n"); flush(stdout())
invisible(readLines(file("stdin"), n = 1))  # R holds on here until the test has done its damage
Sys.sleep(3)
agent$send_message("after the freeze")
got <- character()
want <- c("before the freeze", "during the freeze", "after the freeze")
deadline <- Sys.time() + 30
while (!all(want %in% got) && Sys.time() < deadline) {
  for (item in customer$poll(timeout = 1)) {
    if (item$Type == "MESSAGE") got <- c(got, item$Content)
  }
}
customer$close(); agent$close()
cat(paste0("GOT:", got), sep = "\n")
cat(paste0("LOST:", lost), "\n")
"""


def test_a_session_polled_from_r_survives_r_freezing_it(paws_emulator: Emulator, tmp_path: Path) -> None:
    rscript = shutil.which("Rscript")
    assert rscript is not None, "R is part of this project's set-up (scripts/setup)"
    pair = paws_emulator.start_chat_with_agent()
    tokens = tmp_path / "tokens"
    descriptor = os.open(tokens, os.O_WRONLY | os.O_CREAT, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(f"{pair.customer.participant_token}\n{pair.agent.participant_token}\n")
    script = tmp_path / "session.R"
    script.write_text(R_SCRIPT)
    env: dict[str, Any] = {
        **os.environ,
        "RETICULATE_PYTHON": sys.executable,
        "PYTHONPATH": str(ROOT),
        "CHAT_TOKENS": str(tokens),
        "CHAT_ENDPOINT": paws_emulator.endpoint,
        "CHAT_TEST_DIR": str(Path(__file__).parent),
    }
    library = ROOT / ".venv" / "R-library"
    if library.is_dir():
        env["R_LIBS"] = str(library) + (":" + env["R_LIBS"] if env.get("R_LIBS") else "")
    process = subprocess.Popen(
        [rscript, str(script)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )
    assert process.stdin is not None and process.stdout is not None
    output: list[str] = []
    frozen = threading.Event()

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            output.append(line.rstrip("\n"))
            if line.startswith("FROZEN"):
                frozen.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        assert frozen.wait(60), "R did not get to the freeze"
        # R is now blocked in readLines: Python's threads do not run. Break the socket, add an item.
        paws_emulator.drop_sockets(participant_id=pair.customer.participant_id)
        paws_emulator.inject_item(
            pair.contact_id,
            {
                "Type": "MESSAGE",
                "ContentType": "text/plain",
                "Content": "during the freeze",
                "ParticipantRole": "AGENT",
                "DisplayName": "Agent",
            },
        )
        process.stdin.write("go\n")
        process.stdin.flush()
        process.wait(timeout=90)
        reader.join(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)
    errors = process.stderr.read() if process.stderr else ""
    assert process.returncode == 0, errors[-2000:]
    got = [line[len("GOT:") :] for line in output if line.startswith("GOT:")]
    assert got == ["before the freeze", "during the freeze", "after the freeze"]
    assert any(line.startswith("LOST:") and not line.startswith("LOST:0") for line in output)
    for secret in (pair.customer.participant_token, pair.agent.participant_token):
        assert secret not in "\n".join(output) + errors

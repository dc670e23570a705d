"""The runner on a paws script that starts its own chat: paws::connect(config = ...) and
paws.customer.engagement::connect resolve to paws.compat's, signed and verified by the emulator."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from paws_compat.emulator import Emulator

ROOT = Path(__file__).resolve().parents[2]
CLEAN_ENV = dict(os.environ)

SCRIPT = r"""
args <- commandArgs(trailingOnly = TRUE)
creds <- list(creds = list(access_key_id = "AKIDRUNNER", secret_access_key = "runner-secret"))
connect <- paws::connect(config = list(endpoint = args[[1]], region = "us-east-1", credentials = creds,
                                       s3_force_path_style = TRUE))
chat <- connect$start_chat_contact(InstanceId = "inst", ContactFlowId = "flow",
                                   ParticipantDetails = list(DisplayName = "Customer"))
svc <- paws::connectparticipant(endpoint = args[[1]], region = "us-east-1")
conn <- svc$create_participant_connection(Type = "CONNECTION_CREDENTIALS",
                                          ParticipantToken = chat$ParticipantToken, ConnectParticipant = TRUE)
sent <- svc$send_message(ContentType = "text/plain", Content = "hello",
                         ConnectionToken = conn$ConnectionCredentials$ConnectionToken)
other <- paws.customer.engagement::connect(endpoint = args[[1]], region = "us-east-1", credentials = creds)
contact <- other$describe_contact(InstanceId = "inst", ContactId = chat$ContactId)$Contact
stopifnot(identical(contact$Id, chat$ContactId), inherits(contact$InitiationTimestamp, "POSIXct"))
caught <- tryCatch(other$stop_contact(InstanceId = "inst", ContactId = strrep("x", 300)),
                   http_400 = function(e) e$status_code)
stopped <- connect$stop_contact(InstanceId = "inst", ContactId = chat$ContactId)
stopifnot(identical(stopped, list()))
cat("sent", nchar(sent$Id) > 0, "caught", caught, "\n")
"""


@pytest.fixture
def emulator() -> Iterator[Emulator]:
    with Emulator() as emu:
        emu.signatures.register("AKIDRUNNER", "runner-secret")
        yield emu


def test_a_paws_script_starts_its_own_chat_under_the_runner(emulator: Emulator, tmp_path: Path) -> None:
    script = tmp_path / "start_chat.R"
    script.write_text(SCRIPT)
    done = subprocess.run(
        [sys.executable, "-m", "r_bridge.run", str(script), emulator.endpoint],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        check=False,
        env=CLEAN_ENV,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "sent TRUE caught 400"
    operations = [entry["operation"] for entry in emulator.requests]
    assert operations[:3] == ["StartChatContact", "CreateParticipantConnection", "SendMessage"]
    assert "StopContact" in operations and "runner-secret" not in done.stdout + done.stderr

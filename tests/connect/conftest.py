"""Fixtures for the Connect client: a scripted recording server, one emulator per module, and an
environment with no AWS settings of the machine (credentials come only from what a test sets)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from paws_compat.emulator import Emulator
from tests.core.server import ScriptedServer

KEY_ID = "AKIDEXAMPLECONNECT1"
SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYSECRETKEY"  # a secret: asserted never to show
TOKEN = "FwoGZXIvYXdzSESSIONTOKENEXAMPLE"  # a secret too


@pytest.fixture(scope="module")
def _module_server() -> Iterator[ScriptedServer]:
    with ScriptedServer() as server:
        yield server


@pytest.fixture
def server(_module_server: ScriptedServer) -> Iterator[ScriptedServer]:
    _module_server.reset()
    yield _module_server
    _module_server.reset()


@pytest.fixture(scope="module")
def emulator() -> Iterator[Emulator]:
    with Emulator() as emu:
        yield emu


@pytest.fixture
def signing_emulator(emulator: Emulator) -> Iterator[Emulator]:
    """The emulator verifying signatures of KEY_ID (cleared afterwards: off by default)."""
    emulator.signatures.register(KEY_ID, SECRET)
    yield emulator
    emulator.signatures.clear()


@pytest.fixture
def aws_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No AWS_* variables, an empty home (no ~/.aws), instance metadata off unless a test turns it on."""
    for name in list(os.environ):
        if name.startswith("AWS_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / ".aws" / "config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / ".aws" / "credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    (tmp_path / ".aws").mkdir()
    return tmp_path

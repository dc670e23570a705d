"""Fixtures for the core tests: one scripted local server per module, reset for each test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.core.server import ScriptedServer

CANARY = "CANARY-tok-5f1e2d3c4b5a69788796a5b4c3d2e1f0"

# The environment before any embedded R of this process changed it: R rewrites LD_LIBRARY_PATH,
# and a Python child inheriting that loads Debian's libpython instead of ours.
CLEAN_ENV = dict(os.environ)


@pytest.fixture(scope="module")
def _module_server() -> Iterator[ScriptedServer]:
    with ScriptedServer() as server:
        yield server


@pytest.fixture
def server(_module_server: ScriptedServer) -> Iterator[ScriptedServer]:
    _module_server.reset()
    yield _module_server
    _module_server.reset()


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No AWS settings from the machine leak in: an empty config file and no AWS_* variables."""
    for name in list(os.environ):
        if name.startswith("AWS_"):
            monkeypatch.delenv(name)
    config_file = tmp_path / "aws_config"
    config_file.write_text("")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config_file))
    monkeypatch.setenv("HOME", str(tmp_path))
    return config_file

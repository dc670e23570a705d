"""The `paws-compat` entry point: subcommands load lazily and a missing one spares the others."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from paws_compat import __version__
from paws_compat import cli as cli_module

ROOT = Path(__file__).resolve().parents[2]


def test_python_dash_m_runs_the_command_line() -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.run(
        [sys.executable, "-m", "paws_compat", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env=env,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr
    for command in ("connectparticipant", "port", "emulator"):
        assert command in proc.stdout


def test_version(cli: Any) -> None:
    result = cli("--version")
    assert (result.status, result.out.strip()) == (0, f"paws-compat {__version__}")


def test_no_command_prints_help_and_fails(cli: Any) -> None:
    result = cli()
    assert result.status == 2
    assert "usage: paws-compat" in result.err


def test_a_missing_subcommand_module_leaves_the_others(monkeypatch: pytest.MonkeyPatch, cli: Any) -> None:
    monkeypatch.setattr(cli_module, "SUBCOMMANDS", ("not_shipped", *cli_module.SUBCOMMANDS))
    parser = cli_module.build_parser()
    assert "not_shipped" in (parser.epilog or "")
    result = cli("connectparticipant", "get-transcript", "--generate-cli-skeleton")
    assert result.status == 0


def test_unrecognized_arguments_are_named_without_their_values(cli: Any) -> None:
    from tests.core.conftest import CANARY

    result = cli(
        "connectparticipant",
        "send-message",
        "--content",
        "hi",
        "--conection-token",
        CANARY,
        f"--participant-token={CANARY}",
    )
    assert result.status == 252
    assert "unrecognized arguments: --conection-token *** --participant-token=***" in result.err
    assert CANARY not in result.err + result.out

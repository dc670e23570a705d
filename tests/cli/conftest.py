"""A real emulator for the command line's tests, and the CLI run in-process."""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from paws_compat.cli import main


@dataclass
class Outcome:
    status: int
    out: str
    err: str


@pytest.fixture(scope="module")
def emulator() -> Iterator[Any]:
    from paws_compat.emulator import Emulator

    with Emulator() as emu:
        yield emu


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Any:
    """`cli(*argv, stdin=None)`: run `paws-compat` here; argparse's own exits count as statuses."""

    def run(*argv: str, stdin: str | None = None) -> Outcome:
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        try:
            status = main(list(argv))
        except SystemExit as exc:
            status = int(exc.code or 0)
        captured = capsys.readouterr()
        return Outcome(status, captured.out, captured.err)

    return run

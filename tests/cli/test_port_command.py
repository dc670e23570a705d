"""`paws-compat port`: Python to standard output or a file, the summary on standard error, and an
exit status that says whether the port is complete."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest

from paws_compat.cli.port import EXIT_COMPLETE, EXIT_FAILED, EXIT_INCOMPLETE

# `port` parses with embedded R, where a SIGALRM handler cannot interrupt: see tests/embedded_r.py.
pytestmark = pytest.mark.timeout(method="thread")

COMPLETE = 'svc <- paws::connectparticipant()\nx <- svc$get_transcript(ConnectionToken = Sys.getenv("T"))\n'
PARTIAL = "x <- list(1, 2)\ny <- x[1]\ncat(length(x), '\\n')\n"


def test_complete_port_to_standard_output(cli: Any, tmp_path: Path) -> None:
    script = tmp_path / "ok.R"
    script.write_text(COMPLETE)
    result = cli("port", str(script))
    assert result.status == EXIT_COMPLETE
    ast.parse(result.out)
    assert 'svc.get_transcript(ConnectionToken=os.environ.get("T", ""))' in result.out
    assert "ported completely" in result.err


def test_incomplete_port_to_a_file_lists_what_is_left(cli: Any, tmp_path: Path) -> None:
    script = tmp_path / "partial.R"
    script.write_text(PARTIAL)
    target = tmp_path / "partial.py"
    result = cli("port", str(script), "-o", str(target))
    assert result.status == EXIT_INCOMPLETE
    assert result.out == ""
    code = target.read_text()
    ast.parse(code)
    assert "# UNPORTED" in code and "#     y <- x[1]" in code
    assert "1 statement(s) not ported" in result.err and "line 2" in result.err


def test_unparsable_or_missing_script_fails(cli: Any, tmp_path: Path) -> None:
    script = tmp_path / "broken.R"
    script.write_text("x <- (1\n")
    broken = cli("port", str(script))
    assert broken.status == EXIT_FAILED
    assert "R cannot parse" in broken.err
    missing = cli("port", str(tmp_path / "nope.R"))
    assert missing.status == EXIT_FAILED
    assert "cannot read" in missing.err


def test_an_unwritable_output_file_fails_clearly(cli: Any, tmp_path: Path) -> None:
    script = tmp_path / "ok.R"
    script.write_text(COMPLETE)
    result = cli("port", str(script), "-o", str(tmp_path / "no" / "such" / "dir" / "out.py"))
    assert result.status == EXIT_FAILED
    assert "cannot write" in result.err and "Traceback" not in result.err

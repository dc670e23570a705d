"""The README's main job (scripts/demo) works: both demos, run as a user runs them, end to end."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _environment() -> dict[str, str]:
    # Embedded R in this test process may have rewritten LD_LIBRARY_PATH; a child Python must not
    # inherit it (it would load Debian's libpython and fail on _ssl).
    env = {k: v for k, v in os.environ.items() if k != "LD_LIBRARY_PATH"}
    env["RETICULATE_PYTHON"] = sys.executable
    library = ROOT / ".venv" / "R-library"
    env["R_LIBS"] = f"{library}:{env['R_LIBS']}" if env.get("R_LIBS") else str(library)
    return env


def _run(*command: str) -> str:
    done = subprocess.run(
        command, cwd=ROOT, env=_environment(), capture_output=True, text=True, timeout=180, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_python_demo_chats_over_live_sessions() -> None:
    out = _run(sys.executable, "examples/chat_demo.py")
    assert "[agent sees] Casey (CUSTOMER) message: Hi, my parcel has not arrived yet." in out
    assert "[customer sees] Alex (AGENT) message: It left the depot this morning" in out
    assert "read receipt for" in out
    assert "[customer sees] Alex (AGENT) left" in out
    transcript = out.split("Python: the transcript", 1)[1].splitlines()
    messages = [line.split(None, 2)[1:] for line in transcript if line.startswith("  20")]
    assert [who for who, _ in messages] == ["Casey", "Alex", "Alex", "Casey"]
    assert out.rstrip().endswith("Python: done")


def test_r_demo_chats_with_paws_calls_and_a_session() -> None:
    rscript = shutil.which("Rscript")
    assert rscript, "R is part of this project: scripts/setup installs it"
    out = _run(rscript, "examples/chat_demo.R")
    assert "[customer sees] Alex (AGENT): It arrives today." in out
    assert "Casey  Hello from R, where is my parcel?" in out
    assert (
        "R: caught paws_error http_403 status 403 - AccessDeniedException (HTTP 403). "
        "You do not have sufficient access to perform this action." in out
    )
    assert out.rstrip().endswith("R: done")

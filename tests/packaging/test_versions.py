"""What the package declares about itself holds: its licence, its Python range, its timeout errors."""

from __future__ import annotations

import re
import socket
import sys
import time
from importlib import metadata
from pathlib import Path

import pytest

import paws_compat
from paws_compat.chat import ChatConfig, ChatSession, ChatSessionError, ChatTimeoutError

ROOT = Path(__file__).resolve().parents[2]


def test_the_licence_file_is_the_one_the_metadata_names() -> None:
    meta = metadata.metadata("paws-compat")
    declared = meta.get("License-Expression") or meta.get("License")
    assert declared == "Apache-2.0"
    text = (ROOT / "LICENSE").read_text()
    assert text.lstrip().startswith("Apache License") and "Version 2.0, January 2004" in text
    assert "END OF TERMS AND CONDITIONS" in text


def test_this_python_is_in_the_declared_range() -> None:
    declared = metadata.metadata("paws-compat")["Requires-Python"]
    low = re.fullmatch(r">=\s*(\d+)\.(\d+)", declared)
    assert low, declared
    assert sys.version_info[:2] >= (int(low[1]), int(low[2]))


def test_the_readme_states_the_r_sides_python_range() -> None:
    readme = (ROOT / "README.md").read_text()
    assert re.search(r"R side[^.]*Python 3\.10 to\s+3\.11", readme), "README must state the R side's range"


def test_a_start_that_times_out_is_a_builtin_timeout_error() -> None:
    """Users write `except TimeoutError`; before 3.11 concurrent.futures' and asyncio's were not it."""
    with socket.socket() as silent:  # accepts connections (the kernel's backlog), never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        port = silent.getsockname()[1]
        client = paws_compat.connectparticipant(
            endpoint=f"http://127.0.0.1:{port}", region="us-east-1", config={"timeout": 30}
        )
        session = ChatSession(client, "participant-token-value", config=ChatConfig.fast())
        began = time.monotonic()
        with pytest.raises(TimeoutError) as caught:
            session.start(timeout=0.5)
        assert time.monotonic() - began < 20
        assert isinstance(caught.value, ChatTimeoutError) and isinstance(caught.value, ChatSessionError)
        assert "within 0.5 s" in str(caught.value)
        assert "participant-token-value" not in str(caught.value)


def test_a_skip_fails_the_run_where_the_suite_says_so(tmp_path: Path) -> None:
    import os
    import subprocess

    probe = tmp_path / "test_probe.py"
    probe.write_text("import pytest\n\ndef test_skipped():\n    pytest.skip('no R here')\n")
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "-p",
        "tests.conftest",
        str(probe),
    ]
    env = {k: v for k, v in os.environ.items() if k != "PAWS_COMPAT_FAIL_ON_SKIP"} | {"PYTHONPATH": str(ROOT)}
    lenient = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    strict = subprocess.run(
        command,
        cwd=ROOT,
        env={**env, "PAWS_COMPAT_FAIL_ON_SKIP": "1"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert lenient.returncode == 0, lenient.stdout
    assert strict.returncode == 1 and "a skip fails this run" in strict.stdout, strict.stdout

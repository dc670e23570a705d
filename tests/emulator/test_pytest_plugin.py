"""The pytest plugin works in another project's test suite, found through its entry point."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path


def test_fixtures_in_a_foreign_project(tmp_path: Path) -> None:
    (tmp_path / "test_foreign.py").write_text(
        textwrap.dedent(
            """
        import json
        import urllib3

        def test_session_emulator_and_chat(paws_emulator, paws_chat):
            assert paws_chat.agent.role == "AGENT"
            state = paws_emulator.chat_state(paws_chat.contact_id)
            assert [p["ParticipantRole"] for p in state["Participants"]] == ["CUSTOMER", "AGENT"]
            paws_emulator.faults.add(operation="SendMessage", status=500, count=None)

        def test_faults_were_cleared(paws_emulator):
            assert paws_emulator.faults.rules == []

        def test_factory(paws_emulator_factory, paws_emulator):
            custom = paws_emulator_factory(connection_expiry_seconds=1)
            assert custom.endpoint != paws_emulator.endpoint
            answer = urllib3.request("GET", custom.endpoint + "/_emulator/health", timeout=10)
            assert json.loads(answer.data)["status"] == "ok"
        """
        )
    )
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "--rootdir",
            str(tmp_path),
            str(tmp_path / "test_foreign.py"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "3 passed" in done.stdout


_WITHOUT_AIOHTTP = """
import sys
sys.modules["aiohttp"] = None  # as if the 'emulator' extra were not installed
import pytest
sys.exit(pytest.main(["-q", "-p", "no:cacheprovider", "--rootdir", sys.argv[1], sys.argv[2]]))
"""


def test_the_plugin_costs_nothing_without_the_emulator_extra(tmp_path: Path) -> None:
    # The plugin is registered wherever paws-compat is installed: without aiohttp, a project's
    # unrelated tests must still run, and only a test asking for the fixtures learns why not.
    (tmp_path / "test_plain.py").write_text(
        textwrap.dedent(
            """
        def test_unrelated():
            assert 1 + 1 == 2

        def test_wants_the_emulator(paws_emulator):
            pass
        """
        )
    )
    done = subprocess.run(
        [sys.executable, "-c", _WITHOUT_AIOHTTP, str(tmp_path), str(tmp_path / "test_plain.py")],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert "1 passed" in done.stdout and "1 error" in done.stdout, done.stdout + done.stderr
    assert "pip install 'paws-compat[emulator]'" in done.stdout

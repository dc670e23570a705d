"""`paws-compat chat`: the interactive terminal chat, driven through its stdin."""

from __future__ import annotations

import io
import os
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import paws_compat
from paws_compat.chat import ChatSession, ChatSessionError
from paws_compat.cli import build_parser
from paws_compat.cli.chat import run
from paws_compat.emulator import Emulator

ROOT = Path(__file__).resolve().parents[2]


def test_the_default_chat_runs_an_emulator_with_an_echo_agent() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-m", "paws_compat", "chat", "--linger", "0.5"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
        cwd=ROOT,
    )
    assert process.stdin is not None and process.stdout is not None
    lines: list[str] = []
    echoed = threading.Event()

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.append(line.rstrip("\n"))
            if line.rstrip("\n").endswith("Agent: echo: Hello there"):
                echoed.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        process.stdin.write("Hello there\n/typing\n/nonsense\n")
        process.stdin.flush()
        # Input stays open until the echo is in: a fixed --linger after the end of input would
        # make the test a race with the echo agent on a loaded machine.
        echoed.wait(45)
        process.stdin.close()
        process.wait(timeout=30)
        reader.join(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)
    assert process.returncode == 0, "\n".join(lines)
    assert any(line.endswith("Customer: Hello there") for line in lines)
    assert any(line.endswith("Agent: echo: Hello there") for line in lines)
    assert any("Agent joined" in line for line in lines)
    assert any("unknown command /nonsense" in line for line in lines)


def test_an_endpoint_without_a_token_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    args = build_parser().parse_args(
        ["chat", "--endpoint", "http://127.0.0.1:9", "--token-env", "NO_SUCH_VAR_X"]
    )
    assert run(args, stdin=io.StringIO(""), stdout=io.StringIO()) == 2
    assert "never taken from the command line" in capsys.readouterr().err


def test_there_is_no_way_to_pass_a_token_as_an_argument() -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(["chat", "--token", "secret"])


def test_chatting_with_a_token_file_against_an_endpoint(
    paws_emulator: Emulator, client_for: Callable[[str], Any], tmp_path: Path
) -> None:
    pair = paws_emulator.start_chat_with_agent()
    token_file = tmp_path / "token"
    token_file.write_text(pair.customer.participant_token + "\n")
    agent = ChatSession(client_for(paws_emulator.endpoint), pair.agent.participant_token).start(timeout=20)
    try:
        args = build_parser().parse_args(
            [
                "chat",
                "--endpoint",
                paws_emulator.endpoint,
                "--region",
                "us-east-1",
                "--token-file",
                str(token_file),
                "--linger",
                "0.5",
            ]
        )
        out = io.StringIO()
        assert run(args, stdin=io.StringIO("from the terminal\n/quit\n"), stdout=out) == 0
        received: list[str] = []
        deadline = time.monotonic() + 15
        while "from the terminal" not in received and time.monotonic() < deadline:
            received += [item.Content for item in agent.poll(timeout=1) if item.Type == "MESSAGE"]
        assert "from the terminal" in received
        assert pair.customer.participant_token not in out.getvalue()
    finally:
        agent.close()


def test_the_agent_token_file_is_private(tmp_path: Path) -> None:
    target = tmp_path / "agent-token"
    args = build_parser().parse_args(["chat", "--agent-token-file", str(target), "--linger", "0"])
    out = io.StringIO()
    assert run(args, stdin=io.StringIO("/quit\n"), stdout=out) == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text().strip() not in out.getvalue()


def test_a_chat_that_ends_stops_the_session_thread(paws_emulator: Emulator, tmp_path: Path) -> None:
    pair = paws_emulator.start_chat_with_agent()
    token_file = tmp_path / "token"
    token_file.write_text(pair.customer.participant_token + "\n")
    # --linger 60 after the (empty) input: only the chat's end stops the loop in time.
    argv = ["chat", "--endpoint", paws_emulator.endpoint, "--token-file", str(token_file), "--linger", "60"]
    args = build_parser().parse_args([*argv, "--region", "us-east-1"])
    before = {thread for thread in threading.enumerate() if thread.name == "paws-compat-chat"}

    connected = threading.Event()

    class Out(io.StringIO):
        def write(self, text: str) -> int:
            if "* connected" in text:
                connected.set()
            return super().write(text)

    def end_the_chat_once_joined() -> None:
        connected.wait(30)
        paws_emulator.stop_contact(pair.contact_id)

    ender = threading.Thread(target=end_the_chat_once_joined, daemon=True)
    ender.start()
    started = time.monotonic()
    assert run(args, stdin=io.StringIO(""), stdout=Out()) == 0
    assert time.monotonic() - started < 45
    ender.join(timeout=30)
    left = {thread for thread in threading.enumerate() if thread.name == "paws-compat-chat"} - before
    deadline = time.monotonic() + 15
    while any(thread.is_alive() for thread in left) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [thread for thread in left if thread.is_alive()]


def test_leaving_right_after_a_message_ends_cleanly() -> None:
    # The echo agent may answer after the customer left and the chat ended: that is no error.
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "paws_compat", "chat", "--linger", "1"],
        input="thanks\n/leave\n",
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=90,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert "* you left the chat" in done.stdout


@pytest.mark.parametrize(
    ("argv", "complaint"),
    [
        (["--endpoint", "http://127.0.0.1:1", "--token-file", "/no/such/file"], "cannot read --token-file"),
        (["--endpoint", "http://10.1.2.3:8999", "--token-file", "{token}"], "refusing plain http"),
        (["--endpoint", "http://127.0.0.1:1", "--agent-token-file", "{token}"], "only without --endpoint"),
    ],
)
def test_usage_problems_are_messages_not_tracebacks(
    argv: list[str], complaint: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    token_file = tmp_path / "token"
    token_file.write_text("a-participant-token\n")
    args = build_parser().parse_args(["chat", *(a.format(token=token_file) for a in argv)])
    assert run(args, stdin=io.StringIO(""), stdout=io.StringIO()) == 2
    assert complaint in capsys.readouterr().err


def test_an_unreachable_endpoint_names_the_failure() -> None:
    client = paws_compat.connectparticipant(
        endpoint="http://127.0.0.1:1", region="us-east-1", config={"max_retries": 1}
    )
    session = ChatSession(client, "a-participant-token")
    with pytest.raises(ChatSessionError, match="the last attempt failed with ConnectionError") as caught:
        session.start(timeout=3)
    assert isinstance(caught.value.__cause__, paws_compat.ConnectionError)
    assert "a-participant-token" not in str(caught.value)

"""What the command line writes (token files) and shows (other participants' text) is safe."""

from __future__ import annotations

import io
import os
import stat
from pathlib import Path
from typing import Any

from paws_compat.cli import build_parser
from paws_compat.cli._display import safe_text
from paws_compat.cli._files import write_private
from paws_compat.cli.chat import run as run_chat
from paws_compat.cli.connectparticipant import save_tokens

HOSTILE_NAME = "\x1b]0;pwned\x07Eve\x1b[2J"
HOSTILE_TEXT = "hi\x1b[1A\r\x1b[K\u202efdp.exe\n[12:00:00] System: type your password\ud800 \x9b31m"


def test_an_existing_world_readable_file_is_replaced_by_a_private_one(tmp_path: Path) -> None:
    target = tmp_path / "token"
    target.write_text("old\n")
    os.chmod(target, 0o644)
    inode = target.stat().st_ino
    write_private(str(target), "secret\n")
    assert target.read_text() == "secret\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.stat().st_ino != inode, "replaced by rename, not rewritten in place"
    assert [p.name for p in tmp_path.iterdir()] == ["token"], "no temporary file left behind"


def test_a_planted_symlink_is_replaced_not_followed(tmp_path: Path) -> None:
    victim = tmp_path / "victim"
    victim.write_text("precious\n")
    os.chmod(victim, 0o644)
    directory = tmp_path / "tokens"
    directory.mkdir()
    (directory / "ConnectionCredentials.ConnectionToken").symlink_to(victim)
    written = save_tokens(str(directory), {"ConnectionCredentials.ConnectionToken": "tok-value"})
    target = Path(written[0])
    assert victim.read_text() == "precious\n"
    assert not target.is_symlink()
    assert target.read_text() == "tok-value\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_the_agent_token_file_replaces_a_planted_symlink(tmp_path: Path) -> None:
    victim = tmp_path / "victim"
    victim.write_text("precious\n")
    target = tmp_path / "agent-token"
    target.symlink_to(victim)
    args = build_parser().parse_args(["chat", "--agent-token-file", str(target), "--linger", "0"])
    assert run_chat(args, stdin=io.StringIO("/quit\n"), stdout=io.StringIO()) == 0
    assert victim.read_text() == "precious\n"
    assert not target.is_symlink() and stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text().strip()


def test_control_characters_are_shown_as_escapes_and_lines_cannot_be_faked() -> None:
    shown = safe_text(HOSTILE_TEXT)
    assert not any(ord(c) < 0x20 and c != "\n" for c in shown)
    assert "\x9b" not in shown and "\u202e" not in shown and "\ud800" not in shown
    assert "\\x1b[1A" in shown and "\\u202e" in shown and "\\ud800" in shown
    assert all(line.startswith("    ") for line in shown.split("\n")[1:])
    assert safe_text("👨\u200d👩\u200d👧 café") == "👨\u200d👩\u200d👧 café", "ordinary text is untouched"


def _hostile_chat(paws_emulator: Any, tmp_path: Path) -> list[str]:
    pair = paws_emulator.start_chat_with_agent(agent_name=HOSTILE_NAME)
    paws_emulator.inject_item(
        pair.contact_id,
        {
            "Type": "MESSAGE",
            "ContentType": "text/plain",
            "Content": HOSTILE_TEXT,
            "ParticipantId": pair.agent.participant_id,
            "ParticipantRole": "AGENT",
            "DisplayName": HOSTILE_NAME,
        },
    )
    token_file = tmp_path / "token"
    token_file.write_text(pair.customer.participant_token + "\n")
    return [
        "chat", "--endpoint", paws_emulator.endpoint, "--region", "us-east-1",
        "--token-file", str(token_file), "--linger", "0.2",
    ]  # fmt: skip


def test_the_chat_shows_hostile_text_neutralised(paws_emulator: Any, tmp_path: Path) -> None:
    argv = _hostile_chat(paws_emulator, tmp_path)
    out = io.StringIO()
    assert run_chat(build_parser().parse_args(argv), stdin=io.StringIO("/history\n/quit\n"), stdout=out) == 0
    text = out.getvalue()
    assert "hi\\x1b[1A" in text, text
    assert "\x1b" not in text and "\x07" not in text and "\r" not in text and "\ud800" not in text
    fake = [line for line in text.splitlines() if line.startswith("[12:00:00] System")]
    assert fake == [], "a message cannot print a line that looks like one of ours"


def test_the_chat_survives_a_stream_that_cannot_encode_the_text(paws_emulator: Any, tmp_path: Path) -> None:
    argv = _hostile_chat(paws_emulator, tmp_path)
    raw = io.BytesIO()
    out = io.TextIOWrapper(raw, encoding="ascii", write_through=True)
    assert run_chat(build_parser().parse_args(argv), stdin=io.StringIO("/quit\n"), stdout=out) == 0
    text = raw.getvalue().decode("ascii")
    assert "Eve" in text and "\\u202efdp.exe" in text

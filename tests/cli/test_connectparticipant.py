"""`paws-compat connectparticipant <operation>` against the real emulator: options from the model,
the AWS CLI's value forms, token sources, masked output and the documented exit statuses."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

import pytest

from paws_compat._model import load_model
from paws_compat.cli.connectparticipant import (
    EXIT_CONFIG,
    EXIT_OTHER,
    EXIT_SERVICE,
    EXIT_USAGE,
    Shorthand,
    UsageError,
    kebab,
    save_tokens,
)

MODEL = load_model("connectparticipant")


def connect(cli: Any, emulator: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, Path]:
    """A customer's connection through the CLI; (its ConnectionToken, the directory it was saved to)."""
    chat = emulator.start_chat(display_name="Customer")
    monkeypatch.setenv("PAWS_COMPAT_PARTICIPANT_TOKEN", chat.participant_token)
    saved = tmp_path / "tokens"
    result = cli(
        "connectparticipant",
        "create-participant-connection",
        "--type",
        "WEBSOCKET",
        "CONNECTION_CREDENTIALS",
        "--connect-participant",
        "--save-tokens",
        str(saved),
        "--endpoint-url",
        emulator.endpoint,
        "--region",
        "us-east-1",
    )
    assert result.status == 0, result.err
    token = (saved / "ConnectionCredentials.ConnectionToken").read_text().strip()
    assert chat.participant_token not in result.out + result.err
    return token, saved


def test_every_operation_has_help_with_every_member(cli: Any) -> None:
    for operation in MODEL.operations.values():
        result = cli("connectparticipant", kebab(operation.name), "--help")
        assert result.status == 0
        for member in operation.input_members:
            assert f"--{kebab(member)}" in result.out
        assert "252" in result.out and "254" in result.out


def test_kebab_case_follows_the_aws_cli() -> None:
    assert kebab("CreateParticipantConnection") == "create-participant-connection"
    assert kebab("UrlExpiryInSeconds") == "url-expiry-in-seconds"
    assert kebab("ConnectParticipant") == "connect-participant"


def test_results_mask_every_secret_and_save_tokens_privately(
    cli: Any, emulator: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chat = emulator.start_chat(display_name="Customer")
    monkeypatch.setenv("PAWS_COMPAT_PARTICIPANT_TOKEN", chat.participant_token)
    saved = tmp_path / "tokens"
    result = cli(
        "connectparticipant",
        "create-participant-connection",
        "--type",
        "WEBSOCKET",
        "CONNECTION_CREDENTIALS",
        "--save-tokens",
        str(saved),
        "--endpoint-url",
        emulator.endpoint,
    )
    assert result.status == 0, result.err
    data = json.loads(result.out)
    assert data["ConnectionCredentials"]["ConnectionToken"] == "***"
    assert data["Websocket"]["Url"].endswith("AuthToken=***")
    token_file = saved / "ConnectionCredentials.ConnectionToken"
    token = token_file.read_text().strip()
    assert token and token not in result.out + result.err
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    assert "AuthToken=***" not in (saved / "Websocket.Url").read_text()


def test_tokens_from_a_file_stdin_or_an_environment_variable(
    cli: Any, emulator: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    token, saved = connect(cli, emulator, tmp_path, monkeypatch)
    common = ("--endpoint-url", emulator.endpoint, "--content-type", "text/plain")
    from_file = cli(
        "connectparticipant",
        "send-message",
        *common,
        "--content",
        "one",
        "--connection-token",
        f"file://{saved / 'ConnectionCredentials.ConnectionToken'}",
    )
    from_stdin = cli(
        "connectparticipant",
        "send-message",
        *common,
        "--content",
        "two",
        "--connection-token",
        "-",
        stdin=token + "\n",
    )
    monkeypatch.setenv("MY_CHAT_TOKEN", token)
    from_named_env = cli(
        "connectparticipant",
        "send-message",
        *common,
        "--content",
        "three",
        "--connection-token",
        "env:MY_CHAT_TOKEN",
    )
    monkeypatch.setenv("PAWS_COMPAT_CONNECTION_TOKEN", token)
    from_default_env = cli("connectparticipant", "send-message", *common, "--content", "four")
    for result in (from_file, from_stdin, from_named_env, from_default_env):
        assert result.status == 0, result.err
        assert set(json.loads(result.out)) == {"Id", "AbsoluteTime"}
        assert token not in result.out + result.err

    transcript = cli(
        "connectparticipant",
        "get-transcript",
        "--endpoint-url",
        emulator.endpoint,
        "--sort-order",
        "ASCENDING",
    )
    contents = [item.get("Content") for item in json.loads(transcript.out)["Transcript"]]
    assert [c for c in contents if c] == ["one", "two", "three", "four"]


def test_structures_take_json_or_shorthand_and_lists_take_json(
    cli: Any, emulator: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    token, _ = connect(cli, emulator, tmp_path, monkeypatch)
    monkeypatch.setenv("PAWS_COMPAT_CONNECTION_TOKEN", token)
    base = ("connectparticipant", "get-transcript", "--endpoint-url", emulator.endpoint)
    shorthand = cli(*base, "--start-position", "MostRecent=1", "--max-results", "5")
    as_json = cli(*base, "--start-position", '{"MostRecent": 1}', "--max-results", "5")
    assert shorthand.status == as_json.status == 0, shorthand.err + as_json.err
    assert json.loads(shorthand.out)["Transcript"] == json.loads(as_json.out)["Transcript"]
    listed = cli(
        "connectparticipant",
        "create-participant-connection",
        "--type",
        '["CONNECTION_CREDENTIALS"]',
        "--participant-token",
        "env:PAWS_COMPAT_PARTICIPANT_TOKEN",
        "--endpoint-url",
        emulator.endpoint,
    )
    assert listed.status == 0, listed.err


def test_cli_input_json_from_a_file_with_options_winning(
    cli: Any, emulator: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    token, _ = connect(cli, emulator, tmp_path, monkeypatch)
    request = tmp_path / "request.json"
    request.write_text(
        json.dumps({"ContentType": "text/plain", "Content": "from json", "ConnectionToken": token})
    )
    result = cli(
        "connectparticipant",
        "send-message",
        "--cli-input-json",
        f"file://{request}",
        "--content",
        "from the option",
        "--endpoint-url",
        emulator.endpoint,
    )
    assert result.status == 0, result.err
    transcript = cli(
        "connectparticipant",
        "get-transcript",
        f"--connection-token={token}",  # joined: a token may begin with "-" (argparse's option sign)
        "--endpoint-url",
        emulator.endpoint,
    )
    contents = [item.get("Content") for item in json.loads(transcript.out)["Transcript"]]
    assert "from the option" in contents and "from json" not in contents


def test_output_r_is_paws_str_layout(
    cli: Any, emulator: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    token, _ = connect(cli, emulator, tmp_path, monkeypatch)
    result = cli(
        "connectparticipant",
        "send-message",
        "--content-type",
        "text/plain",
        "--content",
        "hi",
        f"--connection-token={token}",  # joined: a token may begin with "-" (argparse's option sign)
        "--endpoint-url",
        emulator.endpoint,
        "--output",
        "r",
    )
    assert result.status == 0, result.err
    lines = result.out.splitlines()
    assert lines[0] == "List of 3"
    assert lines[1].startswith(" $ Id")


def test_output_r_masks_tokens_in_paws_layout(
    cli: Any, emulator: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    chat = emulator.start_chat(display_name="Customer")
    monkeypatch.setenv("PAWS_COMPAT_PARTICIPANT_TOKEN", chat.participant_token)
    result = cli(
        "connectparticipant",
        "create-participant-connection",
        "--type",
        "WEBSOCKET",
        "CONNECTION_CREDENTIALS",
        "--endpoint-url",
        emulator.endpoint,
        "--output",
        "r",
    )
    assert result.status == 0, result.err
    lines = result.out.splitlines()
    assert any(line.strip() == '..$ ConnectionToken: chr "***"' for line in lines)
    assert any("$ AttendeeId: chr(0)" in line for line in lines)
    assert "AuthToken=***" in result.out
    assert chat.participant_token not in result.out + result.err


def test_service_errors_exit_254_with_code_and_message_and_no_token(cli: Any, emulator: Any) -> None:
    secret = "not-a-valid-connection-token-0123456789"
    result = cli(
        "connectparticipant",
        "send-message",
        "--content-type",
        "text/plain",
        "--content",
        "x",
        "--connection-token",
        secret,
        "--endpoint-url",
        emulator.endpoint,
    )
    assert result.status == EXIT_SERVICE
    assert "AccessDeniedException" in result.err and "SendMessage" in result.err
    assert secret not in result.err + result.out


@pytest.mark.parametrize(
    "argv",
    [
        ("send-message", "--content", "x"),  # missing required options
        (
            "send-message",
            "--content-type",
            "",
            "--content",
            "x",
            "--connection-token",
            "tok-123456",
        ),  # too short
        ("get-transcript", "--max-results", "many", "--connection-token", "tok-123456"),
        ("get-transcript", "--start-position", "Latest=1", "--connection-token", "tok-123456"),
        ("get-transcript", "--start-position", "{broken", "--connection-token", "tok-123456"),
        ("send-message", "--no-such-option", "1"),
        ("no-such-operation",),
        (
            "send-message",
            "--content-type",
            "a",
            "--content",
            "b",
            "--connection-token",
            "file:///nonexistent/t",
        ),
    ],
)
def test_invalid_options_and_values_exit_252_before_sending(
    cli: Any, emulator: Any, argv: tuple[str, ...]
) -> None:
    emulator.clear_requests()
    result = cli("connectparticipant", *argv, "--endpoint-url", emulator.endpoint)
    assert result.status == EXIT_USAGE, result.err
    assert result.err
    assert "tok-123456" not in result.err
    assert emulator.requests == []


def test_unreachable_service_exits_255(cli: Any) -> None:
    result = cli(
        "connectparticipant",
        "send-message",
        "--content-type",
        "text/plain",
        "--content",
        "x",
        "--connection-token",
        "tok-123456",
        "--endpoint-url",
        "http://127.0.0.1:9",
        "--cli-connect-timeout",
        "2",
    )
    assert result.status == EXIT_OTHER
    assert "ConnectionError" in result.err and "tok-123456" not in result.err


def test_no_region_and_no_endpoint_exits_253(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in list(os.environ):
        if name.startswith("AWS_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("HOME", str(tmp_path))
    result = cli(
        "connectparticipant",
        "send-message",
        "--content-type",
        "text/plain",
        "--content",
        "x",
        "--connection-token",
        "tok-123456",
    )
    assert result.status == EXIT_CONFIG
    assert "region" in result.err


def test_skeleton_lists_every_input_member(cli: Any) -> None:
    result = cli("connectparticipant", "get-transcript", "--generate-cli-skeleton")
    assert result.status == 0
    assert list(json.loads(result.out)) == list(MODEL.operations["GetTranscript"].input_members)


def test_shorthand_nests_structures_and_lists() -> None:
    shape = MODEL.operations["GetTranscript"].input_members["StartPosition"].shape
    assert Shorthand("Id=abc,MostRecent=3", "--x").parse(shape) == {"Id": "abc", "MostRecent": 3}
    with pytest.raises(UsageError, match="valid keys are"):
        Shorthand("Nope=1", "--x").parse(shape)
    with pytest.raises(UsageError, match="expected an integer"):
        Shorthand("MostRecent=three", "--x").parse(shape)


def test_validation_messages_are_not_garbled_by_masking(cli: Any, emulator: Any) -> None:
    token = "a" * 1001
    result = cli(
        "connectparticipant",
        "create-participant-connection",
        "--type",
        "WEBSOCKET",
        "--participant-token",
        token,
        "--endpoint-url",
        emulator.endpoint,
    )
    assert result.status == EXIT_USAGE
    assert "ParticipantToken: has 1001 characters (must be 1-1000 characters)" in result.err
    assert token not in result.err
    typed = cli(
        "connectparticipant",
        "disconnect-participant",
        "--cli-input-json",
        '{"ConnectionToken": 5}',
        "--endpoint-url",
        emulator.endpoint,
    )
    assert typed.status == EXIT_USAGE
    assert "ConnectionToken: is an integer (must be a string)" in typed.err


def test_saved_secret_files_stay_inside_the_directory(tmp_path: Path) -> None:
    # Map keys in results come from the server: a `/` in one must not make a path.
    written = save_tokens(str(tmp_path / "t"), {"UploadMetadata.HeadersToInclude.a/../b": "v"})
    assert [Path(p).parent for p in written] == [tmp_path / "t"]
    assert Path(written[0]).read_text() == "v\n"

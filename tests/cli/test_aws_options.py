"""The AWS CLI's global options and output formats on `paws-compat connectparticipant`."""

from __future__ import annotations

import json
import random
import re
import string
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from botocore.utils import ArgumentGenerator

from paws_compat.cli._output import as_table, as_text

ITEMS = 9


@pytest.fixture(scope="module")
def transcript(emulator: Any) -> dict[str, Any]:
    """A chat with a few messages, and a customer's ConnectionToken (in the environment)."""
    import paws_compat

    chat = emulator.start_chat(display_name="Customer")
    for n in range(ITEMS):
        emulator.inject_item(
            chat.contact_id,
            {"Type": "MESSAGE", "ContentType": "text/plain", "Content": f"m{n}", "ParticipantRole": "AGENT"},
        )
    svc = paws_compat.connectparticipant(endpoint=emulator.endpoint, region="us-east-1")
    conn = svc.create_participant_connection(
        Type=["CONNECTION_CREDENTIALS"], ParticipantToken=chat.participant_token, ConnectParticipant=True
    )
    return {
        "token": conn.ConnectionCredentials.ConnectionToken,
        "count": len(emulator.transcript(chat.contact_id)),
    }


@pytest.fixture
def get(cli: Any, emulator: Any, transcript: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("PAWS_COMPAT_CONNECTION_TOKEN", transcript["token"])

    def run(*options: str, before: tuple[str, ...] = ()) -> Any:
        return cli(
            *before, "connectparticipant", "get-transcript", "--endpoint-url", emulator.endpoint,
            "--region", "us-east-1", *options,
        )  # fmt: skip

    return run


def test_global_options_go_before_the_service_or_after_the_operation(
    cli: Any, emulator: Any, transcript: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PAWS_COMPAT_CONNECTION_TOKEN", transcript["token"])
    before = cli(
        "--endpoint-url", emulator.endpoint, "--region", "us-east-1", "--output", "json",
        "connectparticipant", "get-transcript",
    )  # fmt: skip
    assert before.status == 0, before.err
    between = cli(
        "connectparticipant", "--endpoint-url", emulator.endpoint, "get-transcript", "--region", "us-east-1"
    )
    assert between.status == 0, between.err
    assert json.loads(before.out)["Transcript"] == json.loads(between.out)["Transcript"]
    assert transcript["token"] not in before.out + before.err
    refused = cli("--region", "us-east-1", "port", "x.R")
    assert refused.status == 2 and "global options apply to connectparticipant" in refused.err


def test_all_pages_by_default_and_the_paging_options(get: Any, transcript: dict[str, Any]) -> None:
    every = json.loads(get("--page-size", "2").out)
    assert len(every["Transcript"]) == transcript["count"] and "NextToken" not in every
    assert every["InitialContactId"]
    first = json.loads(get("--page-size", "2", "--no-paginate").out)
    assert len(first["Transcript"]) == 2 and first["NextToken"]
    some = json.loads(get("--page-size", "2", "--max-items", "5").out)
    assert len(some["Transcript"]) == 5 and some["NextToken"]
    rest = json.loads(get("--page-size", "2", "--starting-token", some["NextToken"]).out)
    ids = [i["Id"] for i in some["Transcript"] + rest["Transcript"]]
    assert ids == [i["Id"] for i in every["Transcript"]]
    text = get("--page-size", "2", "--max-items", "3", "--output", "text").out.splitlines()
    assert len([line for line in text if line.startswith("TRANSCRIPT\t")]) == 3
    assert (
        text[-1].startswith("NEXTTOKEN\t")
        and text[-1].split("\t")[1]
        == json.loads(get("--page-size", "2", "--max-items", "3").out)["NextToken"]
    )


def test_query_and_every_output_format(get: Any, transcript: dict[str, Any]) -> None:
    contents = get("--query", "Transcript[?Type=='MESSAGE'].Content", "--output", "text").out.split()
    assert sorted(contents) == sorted(f"m{n}" for n in range(ITEMS))
    data = json.loads(get().out)
    assert yaml.safe_load(get("--output", "yaml").out) == data
    assert get("--output", "yaml").out.startswith("InitialContactId: ")
    table = get("--output", "table").out
    assert table.splitlines()[1].strip("| ").startswith("GetTranscript")
    bad = get("--query", "Transcript[")
    assert bad.status == 252 and "--query" in bad.err


def test_timeouts_of_zero_mean_none_and_negative_ones_are_refused(get: Any) -> None:
    assert get("--cli-read-timeout", "0", "--cli-connect-timeout", "0").status == 0
    refused = get("--cli-read-timeout", "-1")
    assert refused.status == 252 and "--cli-read-timeout" in refused.err


def test_debug_logs_the_call_with_secrets_masked(get: Any, transcript: dict[str, Any]) -> None:
    result = get("--debug")
    assert result.status == 0
    assert " - DEBUG - " in result.err and "Calling GetTranscript" in result.err
    assert transcript["token"] not in result.err + result.out


def test_profile_and_ca_bundle(
    cli: Any, emulator: Any, transcript: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config"
    config.write_text(f"[profile local]\nregion = us-east-1\nendpoint_url = {emulator.endpoint}\n")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
    monkeypatch.setenv("PAWS_COMPAT_CONNECTION_TOKEN", transcript["token"])
    for name in ("AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    assert cli("connectparticipant", "get-transcript", "--profile", "local").status == 0
    missing = cli("connectparticipant", "get-transcript", "--profile", "nowhere")
    assert missing.status == 253 and "nowhere" in missing.err
    no_bundle = cli(
        "connectparticipant",
        "get-transcript",
        "--region",
        "us-east-1",
        "--ca-bundle",
        str(tmp_path / "none.pem"),
    )
    assert no_bundle.status == 253


def test_skeletons_are_botocores(cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from botocore.session import get_session

    service = get_session().get_service_model("connectparticipant")
    generator = ArgumentGenerator()
    monkeypatch.setattr("botocore.utils.random.choice", lambda values: values[0])  # ours: the first
    operation = service.operation_model("GetTranscript")
    for kind, shape in (("input", operation.input_shape), ("output", operation.output_shape)):
        monkeypatch.setenv("PAWS_COMPAT_CONNECTION_TOKEN", "tok")
        result = cli("connectparticipant", "get-transcript", "--generate-cli-skeleton", kind)
        assert result.status == 0, result.err
        expected = json.loads(json.dumps(generator.generate_skeleton(shape), default=lambda d: d.isoformat()))
        assert json.loads(result.out) == expected, kind
    monkeypatch.delenv("PAWS_COMPAT_CONNECTION_TOKEN")
    unchecked = cli("connectparticipant", "get-transcript", "--generate-cli-skeleton", "output")
    assert unchecked.status == 252 and "--connection-token" in unchecked.err


def test_only_real_secrets_are_masked_in_messages(cli: Any) -> None:
    result = cli("connectparticipant", "send-message", "--content", "hi", "--contnet-type", "text/plain")
    assert "unrecognized arguments: --contnet-type text/plain" in result.err
    secret = cli("connectparticipant", "send-message", "--content", "hi", "--conection-token", "abc123secret")
    assert "--conection-token ***" in secret.err and "abc123secret" not in secret.err


# awscli 1.46 puts its own vendored botocore in sys.modules["botocore"] when it is imported: it
# runs in a child process, so this one keeps the pinned botocore.
_AWSCLI_FORMAT = """
import argparse, io, json, sys
import colorama
from awscli.formatter import TableFormatter, TextFormatter
# Its coloured table calls colorama.init() each time, wrapping stdout once more (hundreds deep, it
# stalls); the colours are in the text it returns, which goes to a StringIO here.
colorama.init = lambda **kwargs: None
out = []
for data in json.load(sys.stdin):
    shown = []
    for kind, color in (("text", "off"), ("table", "off"), ("table", "on")):
        args = argparse.Namespace(query=None, color=color, paginate=False)
        formatter = TableFormatter(args) if kind == "table" else TextFormatter(args)
        if kind == "table":
            formatter.table._terminal_width = 80
        stream = io.StringIO()
        formatter("GetTranscript", data, stream)
        shown.append(stream.getvalue())
    out.append(shown)
json.dump(out, sys.stdout)
"""


def _awscli(results: list[Any]) -> list[list[str]]:
    done = subprocess.run(
        [sys.executable, "-c", _AWSCLI_FORMAT], input=json.dumps(results), capture_output=True, text=True,
        timeout=120, check=True,
    )  # fmt: skip
    shown: list[list[str]] = json.loads(done.stdout)
    return shown


def test_text_and_table_are_laid_out_as_the_aws_cli_lays_them_out() -> None:
    """Random results (nested structures, lists, wide characters) through both formatters, the
    table plain and coloured (`--color on`)."""
    rnd = random.Random(15)

    def word() -> str:
        return "".join(rnd.choice(string.ascii_letters + "é中 ") for _ in range(rnd.randint(1, 40)))

    def value(depth: int = 0) -> Any:
        roll = rnd.random()
        if depth > 2 or roll < 0.4:
            return rnd.choice([word(), rnd.randint(0, 999), True, 1.5])
        if roll < 0.7:
            structures = rnd.random() < 0.5
            return [
                {word()[:6]: value(depth + 2) for _ in range(rnd.randint(1, 3))} if structures else value(3)
                for _ in range(rnd.randint(0, 4))
            ]
        return {word()[:8]: value(depth + 1) for _ in range(rnd.randint(0, 4))}

    results = [
        {key: value() for key in ("Transcript", "InitialContactId", "NextToken")[: rnd.randint(1, 3)]}
        for _ in range(300)
    ]
    results.append(
        {"InitialContactId": "c-1", "Transcript": [{"Id": "a", "Content": "hi", "Attachments": []}]}
    )
    for data, (text, table, coloured) in zip(results, _awscli(results), strict=True):
        assert as_text(data) == text, data
        assert as_table("GetTranscript", data) == table, data
        assert as_table("GetTranscript", data, color=True) == coloured, data


def test_color_colours_the_table_as_aws_does(get: Any) -> None:
    """--color on colours a table even into a pipe; auto (the default) and off leave it plain there."""
    plain = get("--output", "table").out
    assert "\x1b[" not in plain and get("--output", "table", "--color", "off").out == plain
    assert get("--output", "table", "--color", "auto").out == plain
    coloured = get("--color", "on", "--output", "table").out
    assert "\x1b[1m\x1b[34mm0\x1b[0m" in coloured
    assert re.sub(r"\x1b\[\d+m", "", coloured) == plain
    assert get("--color", "on").out == get().out  # json: never coloured
    refused = get("--color", "sometimes")
    assert refused.status == 252 and "invalid choice: 'sometimes'" in refused.err


def test_no_token_in_any_log_line_even_without_debug(
    get: Any, transcript: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("DEBUG")
    assert get().status == 0
    assert "Calling GetTranscript" in caplog.text
    assert transcript["token"] not in caplog.text


def test_a_terminal_gets_a_coloured_table_with_the_remote_text_made_safe(emulator: Any) -> None:
    """On a terminal (a real pty) --color auto colours as aws does, and an escape sequence a
    participant sent is shown as text, not acted on (made safe before the colours go in)."""
    import os
    import pty
    import select

    import paws_compat

    chat = emulator.start_chat(display_name="Customer")
    emulator.inject_item(
        chat.contact_id,
        {"Type": "MESSAGE", "ContentType": "text/plain", "Content": "hi\x1b]0;owned\x07"},
    )
    svc = paws_compat.connectparticipant(endpoint=emulator.endpoint, region="us-east-1")
    token = svc.create_participant_connection(
        Type=["CONNECTION_CREDENTIALS"], ParticipantToken=chat.participant_token, ConnectParticipant=True
    ).ConnectionCredentials.ConnectionToken
    main, child = pty.openpty()
    command = [sys.executable, "-m", "paws_compat", "connectparticipant", "get-transcript"]
    process = subprocess.Popen(
        [*command, "--output", "table", "--endpoint-url", emulator.endpoint, "--region", "us-east-1"],
        stdin=subprocess.DEVNULL, stdout=child, stderr=subprocess.PIPE,
        env={**os.environ, "PAWS_COMPAT_CONNECTION_TOKEN": str(token), "COLUMNS": "200"},
    )  # fmt: skip
    os.close(child)
    shown = b""
    while True:
        ready, _, _ = select.select([main], [], [], 60)
        assert ready, "no output within 60 s"
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        shown += chunk
    os.close(main)
    assert process.wait(timeout=60) == 0, process.stderr.read() if process.stderr else ""
    text = shown.decode("utf-8")
    assert "\x1b[1m\x1b[34mhi\\x1b]0;owned\\x07\x1b[0m" in text
    assert "\x1b]" not in text and "\x07" not in text

"""The console's page and its live feed (GET /_emulator/feed), over real sockets, without a browser."""

from __future__ import annotations

import http.client
import json
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import urllib3

import paws_compat
from paws_compat.emulator import Emulator
from paws_compat.emulator.console import exposure_warning

ROOT = Path(__file__).resolve().parents[2]
TYPING = "application/vnd.amazonaws.connect.event.typing"
READ = "application/vnd.amazonaws.connect.event.message.read"


class Feed:
    """A server-sent event stream read line by line, every read bounded by a timeout."""

    def __init__(self, endpoint: str, query: str = "") -> None:
        where = urlsplit(endpoint)
        self.connection = http.client.HTTPConnection(where.hostname, where.port, timeout=10)
        self.connection.request("GET", "/_emulator/feed" + query)
        self.response = self.connection.getresponse()
        self.text = ""
        self.seen: list[tuple[str, Any]] = []

    def next(self) -> tuple[str, Any]:
        event, data = "", ""
        while True:
            line = self.response.fp.readline().decode()
            self.text += line
            if line in ("\n", ""):
                if line == "":
                    raise EOFError("the feed ended")
                if event:
                    self.seen.append((event, json.loads(data)))
                    return self.seen[-1]
                continue
            name, _, value = line.rstrip("\n").partition(": ")
            if name == "event":
                event = value
            elif name == "data":
                data = value

    def until(self, wanted: Any, timeout: float = 10.0) -> Any:
        """Read events until `wanted(event, data)` is true; returns that data."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            event, data = self.next()
            if wanted(event, data):
                return data
        raise AssertionError(f"no such event within {timeout} s")

    def wait(self, check: Callable[[], bool], timeout: float = 10.0) -> None:
        """Read events until `check()` holds over what has been seen (it may hold already)."""
        deadline = time.monotonic() + timeout
        while not check():
            assert time.monotonic() < deadline, f"not seen within {timeout} s"
            self.next()

    def close(self) -> None:
        self.connection.close()


@pytest.fixture
def emulator() -> Iterator[Emulator]:
    with Emulator() as emu:
        yield emu


def test_the_page_is_served_at_the_root_with_its_files_and_nothing_else(emulator: Emulator) -> None:
    page = urllib3.request("GET", emulator.endpoint + "/", timeout=10)
    assert page.status == 200 and page.headers["Content-Type"].startswith("text/html")
    assert "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]
    assert b"/_emulator/console/console.js" in page.data
    for name, kind in (
        ("console.js", "text/javascript"),
        ("participant.js", "text/javascript"),
        ("console.css", "text/css"),
    ):
        answer = urllib3.request("GET", f"{emulator.endpoint}/_emulator/console/{name}", timeout=10)
        assert (answer.status, answer.headers["Content-Type"].split(";")[0]) == (200, kind)
    for name in ("__init__.py", "..%2f_server.py", "missing.js"):
        assert (
            urllib3.request("GET", f"{emulator.endpoint}/_emulator/console/{name}", timeout=10).status == 404
        )


def test_the_feed_shows_chats_items_typing_receipts_and_requests_without_a_token(emulator: Emulator) -> None:
    pair = emulator.start_chat_with_agent(customer_name="Dana", agent_name="Ari")
    svc = paws_compat.connectparticipant(endpoint=emulator.endpoint, region="us-east-1")
    tokens = [pair.customer.participant_token, pair.agent.participant_token]
    connections = {}
    for name, token in (("customer", tokens[0]), ("agent", tokens[1])):
        answer = svc.create_participant_connection(
            Type=["CONNECTION_CREDENTIALS"], ParticipantToken=token, ConnectParticipant=True
        )
        connections[name] = answer.ConnectionCredentials.ConnectionToken
    tokens += connections.values()
    before = svc.send_message(
        ContentType="text/plain", Content="before", ConnectionToken=connections["customer"]
    )

    feed = Feed(emulator.endpoint, f"?ContactId={pair.contact_id}")
    try:
        hello = feed.until(lambda event, data: event == "hello")
        assert hello["Loopback"] is True and "SendMessage" in hello["Operations"]
        assert hello["Warning"] is None
        assert "silent_heartbeat" in hello["WebsocketFaultKinds"]
        transcript = feed.until(lambda event, data: event == "transcript")
        assert before.Id in [item["Id"] for item in transcript["Items"]]
        state = feed.until(lambda event, data: event == "state")
        chat = next(c for c in state["Chats"] if c["ContactId"] == pair.contact_id)
        assert sorted(p["ParticipantRole"] for p in chat["Participants"]) == ["AGENT", "CUSTOMER"]
        assert all(p["Connected"] for p in chat["Participants"])

        sent = svc.send_message(
            ContentType="text/plain", Content="live", ConnectionToken=connections["agent"]
        )
        assert (
            feed.until(lambda event, data: event == "item" and data.get("Content") == "live")["Id"] == sent.Id
        )
        svc.send_event(ContentType=TYPING, ConnectionToken=connections["customer"])
        typing = feed.until(lambda event, data: event == "item" and data["ContentType"] == TYPING)
        assert typing["DisplayName"] == "Dana"
        svc.send_event(
            ContentType=READ,
            Content=json.dumps({"messageId": sent.Id}),
            ConnectionToken=connections["customer"],
        )
        receipt = feed.until(lambda event, data: event == "item" and data["Type"] == "MESSAGEMETADATA")
        assert receipt["MessageMetadata"]["MessageId"] == sent.Id
        assert "ReadTimestamp" in receipt["MessageMetadata"]["Receipts"][0]

        emulator.faults.add(operation="SendMessage", status=503, count=2)
        emulator.faults.silence_heartbeats(3)
        faults = feed.until(lambda event, data: event == "state" and data["Faults"])
        assert faults["Faults"][0]["operation"] == "SendMessage" and faults["Faults"][0]["count"] == 2
        assert faults["WebsocketFaults"] == {"silent_heartbeat": 3}

        def logged() -> list[dict[str, Any]]:
            return [r for event, data in feed.seen if event == "requests" for r in data["Requests"]]

        feed.wait(lambda: [r["operation"] for r in logged()].count("SendEvent") == 2)
        assert [r["operation"] for r in logged()].count("SendMessage") == 2
        assert {r["bearer"] for r in logged()} == {"****"}
        assert {r["contact_id"] for r in logged()} == {pair.contact_id}  # the console's per-chat log
    finally:
        feed.close()
    assert not any(token in feed.text for token in tokens)


def test_a_cleared_request_log_starts_the_table_over(emulator: Emulator) -> None:
    chat = emulator.start_chat()
    svc = paws_compat.connectparticipant(endpoint=emulator.endpoint, region="us-east-1")
    svc.create_participant_connection(
        Type=["CONNECTION_CREDENTIALS"], ParticipantToken=chat.participant_token
    )
    feed = Feed(emulator.endpoint)
    try:
        first = feed.until(lambda event, data: event == "requests")
        assert first["Reset"] is True
        assert [r["operation"] for r in first["Requests"]] == ["CreateParticipantConnection"]
        emulator.clear_requests()
        cleared = feed.until(lambda event, data: event == "requests" and data["Reset"])
        assert cleared["Requests"] == []
    finally:
        feed.close()


def test_the_command_prints_the_console_url() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "paws_compat.cli.emulator", "--port", "0", "--quiet"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert proc.stdout is not None
        endpoint = proc.stdout.readline().split()[-1]
        proc.stdout.readline()
        console = proc.stdout.readline()
        assert console.split()[-1] == endpoint + "/"
        assert "console" in console
        assert urllib3.request("GET", endpoint + "/", timeout=10).status == 200
    finally:
        proc.terminate()
        proc.communicate(timeout=30)


def test_the_off_loopback_warning_has_one_text_which_the_page_does_not_copy(emulator: Emulator) -> None:
    warning = exposure_warning("0.0.0.0")
    assert warning is not None and exposure_warning("127.0.0.1") is None and exposure_warning("::1") is None
    page = b"".join(
        urllib3.request("GET", f"{emulator.endpoint}/_emulator/console/{name}", timeout=10).data
        for name in ("index.html", "console.js", "participant.js")
    )
    # The page shows the feed's Warning (the browser test sees it there); no sentence of it is its own.
    for sentence in warning.split(". "):
        assert sentence.encode() not in page, sentence

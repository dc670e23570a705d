"""Hostile input, bounded in count and time: the emulator stays up and answers 4xx.

Each case comes from a measured failure (issue 11): sockets that never read, idle and slow-loris
connections, stalled bodies, connection floods, oversized and deeply nested JSON, and control API
values the service would refuse. After each, a health check must still answer.
"""

from __future__ import annotations

import base64
import json
import logging
import socket
import time
from collections.abc import Callable
from typing import Any

import pytest
import urllib3
from websockets.sync.client import connect

from paws_compat.emulator import ChatPair, Emulator
from paws_compat.emulator._logs import RepeatFilter
from tests.emulator.conftest import participant_client

SUBSCRIBE = json.dumps({"topic": "aws/subscribe", "content": {"topics": ["aws/chat"]}})
WAIT = 10.0


def healthy(emulator: Emulator) -> bool:
    answer = urllib3.request("GET", emulator.endpoint + "/_emulator/health", timeout=5)
    return answer.status == 200 and json.loads(answer.data)["status"] == "ok"


def raw(emulator: Emulator, source: str = "127.0.0.1") -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", emulator.port), timeout=WAIT, source_address=(source, 0))
    return sock


def closed_by_server(sock: socket.socket, within: float) -> bytes:
    """Everything the server sends until it closes the connection (fails after `within` s)."""
    sock.settimeout(within)
    received = b""
    try:
        while chunk := sock.recv(65536):
            received += chunk
    except ConnectionResetError:
        pass
    return received


def until(condition: Callable[[], bool], timeout: float = WAIT) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


def post(
    emulator: Emulator, path: str, body: bytes, headers: dict[str, str] | None = None, method: str = "POST"
) -> Any:
    return urllib3.request(method, emulator.endpoint + path, body=body, headers=headers or {}, timeout=WAIT)


@pytest.fixture
def small(paws_emulator_factory: Callable[..., Emulator]) -> Emulator:
    return paws_emulator_factory(
        send_queue_frames=64,
        send_queue_bytes=256 * 1024,
        header_timeout_seconds=0.3,
        body_timeout_seconds=0.3,
        idle_timeout_seconds=0.5,
        max_connections=40,
        max_connections_per_client=8,
    )


@pytest.mark.parametrize("policy", ["close", "drop"])
def test_a_socket_that_never_reads_is_closed_not_buffered(
    paws_emulator_factory: Callable[..., Emulator], policy: str
) -> None:
    emulator = paws_emulator_factory(send_queue_bytes=256 * 1024, send_queue_policy=policy)
    pair = emulator.start_chat_with_agent()
    url = participant_client(emulator).create_participant_connection(
        ParticipantToken=pair.customer.participant_token, Type=["WEBSOCKET"]
    )["Websocket"]["Url"]
    sock = socket.create_connection(("127.0.0.1", emulator.port), timeout=WAIT)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    with connect(url, sock=sock, open_timeout=WAIT, close_timeout=1, max_queue=1) as ws:
        ws.send(SUBSCRIBE)
        ws.recv(timeout=WAIT)
        big = {"Type": "MESSAGE", "ContentType": "text/plain", "Content": "x" * 16000}
        for _ in range(600):  # ~10 MB to a reader that takes nothing
            emulator.inject_item(pair.contact_id, dict(big), transcript=False)
            if not emulator.chat_state(pair.contact_id)["Participants"][0]["Sockets"]:
                break
        assert until(lambda: emulator.chat_state(pair.contact_id)["Participants"][0]["Sockets"] == 0)
    assert healthy(emulator)


def test_idle_and_slow_loris_connections_are_cut(small: Emulator) -> None:
    idle = raw(small)
    trickle = raw(small)
    trickle.sendall(b"GET /_emulator/health HTTP/1.1\r\nHost: 127.0.0.1\r\n")
    started = time.monotonic()
    assert closed_by_server(trickle, 3.0) == b""
    assert closed_by_server(idle, 3.0) == b""
    assert time.monotonic() - started < 3.0
    assert healthy(small)


def test_a_stalled_body_gets_408(small: Emulator) -> None:
    sock = raw(small)
    sock.sendall(
        b"POST /_emulator/chats HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        b'Content-Length: 100\r\n\r\n{"Disp'
    )
    answer = closed_by_server(sock, 3.0)
    assert answer.startswith(b"HTTP/1.1 408")
    assert healthy(small)


def test_connection_caps_per_client_and_overall(small: Emulator) -> None:
    held = [raw(small) for _ in range(8)]
    try:
        refused = raw(small)
        assert closed_by_server(refused, 3.0).startswith(b"HTTP/1.1 503")
        # Another client address is still served while the first is at its cap.
        other = raw(small, "127.0.0.2")
        other.sendall(b"GET /_emulator/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        assert closed_by_server(other, 3.0).startswith(b"HTTP/1.1 200")
        held += [raw(small, f"127.0.0.{n}") for n in range(3, 9) for _ in range(6)][: 40 - 8]
        flood = raw(small, "127.0.0.20")
        assert closed_by_server(flood, 3.0).startswith(b"HTTP/1.1 503")
    finally:
        for sock in held:
            sock.close()
    assert until(lambda: small.connections.open <= 1)
    assert healthy(small)


def test_oversized_bodies_are_refused_before_they_are_read(
    paws_emulator: Emulator, tokens: tuple[str, str]
) -> None:
    headers = {"X-Amz-Bearer": tokens[0], "Content-Type": "application/json"}
    too_big = json.dumps({"ContentType": "text/plain", "Content": "x" * 300_000}).encode()
    answer = post(paws_emulator, "/participant/message", too_big, headers)
    assert answer.status == 413
    assert answer.headers["x-amzn-ErrorType"].startswith("RequestEntityTooLargeException")
    sock = raw(paws_emulator)
    sock.sendall(
        b"POST /participant/message HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000000000\r\n\r\n"
    )
    assert closed_by_server(sock, 3.0).startswith(b"HTTP/1.1 413")
    control = post(paws_emulator, "/_emulator/chats", json.dumps({"DisplayName": "x" * 10_000_000}).encode())
    assert control.status == 413
    assert healthy(paws_emulator)


# A SigV4 Authorization of the right form (the emulator verifies signatures only of registered keys).
SIGV4_HEADERS = {
    "X-Amz-Date": "20260101T000000Z",
    "Authorization": "AWS4-HMAC-SHA256 Credential=AKIDTEST/20260101/us-east-1/connect/aws4_request, "
    "SignedHeaders=host;x-amz-date, Signature=" + "0" * 64,
}


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/participant/message"),
        ("PUT", "/contact/chat"),
        ("POST", "/_emulator/chats"),
        ("POST", "/participant/transcript"),
    ],
)
def test_json_nested_100000_deep_is_a_4xx(
    paws_emulator: Emulator, tokens: tuple[str, str], method: str, path: str
) -> None:
    body = b"[" * 100_000 + b"]" * 100_000
    headers = {"X-Amz-Bearer": tokens[0], "Content-Type": "application/json"}
    if path.startswith("/contact"):  # Connect refuses unsigned calls first (403): a well-formed SigV4
        headers.update(SIGV4_HEADERS)
    # 400 where 200 KB is within what the operation's model allows, else 413 before parsing.
    assert post(paws_emulator, path, body, headers, method).status in (400, 413)
    shallower = b"[" * 10_000 + b"]" * 10_000
    assert post(paws_emulator, path, shallower, headers, method).status == 400
    assert healthy(paws_emulator)


def test_deep_values_inside_valid_requests_are_400s(
    paws_emulator: Emulator, participant: Any, tokens: tuple[str, str], paws_chat: ChatPair
) -> None:
    listed = base64.urlsafe_b64encode(("[" * 5000 + "]" * 5000).encode()).decode()
    with pytest.raises(participant.exceptions.ValidationException):
        participant.get_transcript(ConnectionToken=tokens[0], NextToken=listed)
    with pytest.raises(participant.exceptions.ValidationException):
        participant.get_transcript(ConnectionToken=tokens[0], NextToken=base64.b64encode(b"[1,2]").decode())
    content = '{"a":' * 5000 + "1" + "}" * 5000
    with pytest.raises(participant.exceptions.ValidationException):
        participant.send_message(
            ConnectionToken=tokens[0], ContentType="application/json", Content=content[:12000]
        )
    answer = post(
        paws_emulator,
        f"/_emulator/chats/{paws_chat.contact_id}/items",
        b'{"Item": {"Type": "MESSAGE", "MessageMetadata": ' + b'{"x":' * 5000 + b"{}" + b"}" * 5000 + b"}}",
    )
    assert answer.status == 400
    assert healthy(paws_emulator)


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/_emulator/chats", {"DisplayName": "x" * 300}),
        ("/_emulator/chats", {"DisplayName": ""}),
        ("/_emulator/chats", {"ChatDurationInMinutes": 1e300}),
        ("/_emulator/chats", {"ChatDurationInMinutes": 5}),
        ("/_emulator/chats", {"Attributes": {"k": 5}}),
        ("/_emulator/faults", {"status": "abc"}),
        ("/_emulator/faults", {"status": 99999}),
        ("/_emulator/faults", {"status": True}),
        ("/_emulator/faults", {"delay": 1e9}),
        ("/_emulator/faults", {"count": 0}),
        ("/_emulator/faults", {"rate": -1}),
        ("/_emulator/faults", {"operation": "NoSuchOperation"}),
        ("/_emulator/faults", {"error_type": "x\r\nSet-Cookie: a"}),
        ("/_emulator/faults/websocket", {"kind": "explode"}),
        ("/_emulator/faults/websocket", {"kind": "ping_500", "count": "3"}),
        ("/_emulator/views", {"Name": 5}),
        ("/_emulator/views", {"Name": "v", "Version": 1e12}),
    ],
)
def test_control_api_values_are_checked_like_the_service_checks_them(
    paws_emulator: Emulator, path: str, body: dict[str, Any]
) -> None:
    answer = post(paws_emulator, path, json.dumps(body).encode())
    assert answer.status == 400, answer.data
    assert json.loads(answer.data)["message"]
    assert paws_emulator.faults.rules == []
    assert healthy(paws_emulator)


def test_delay_nan_is_refused(paws_emulator: Emulator) -> None:
    # Python's JSON reader takes the NaN literal; the fault table must not.
    answer = post(paws_emulator, "/_emulator/faults", b'{"delay": NaN, "status": null}')
    assert answer.status == 400
    assert paws_emulator.faults.rules == []


def test_control_participants_are_checked(paws_emulator: Emulator, paws_chat: ChatPair) -> None:
    path = f"/_emulator/chats/{paws_chat.contact_id}/participants"
    assert post(paws_emulator, path, json.dumps({"ParticipantRole": "CUSTOMER"}).encode()).status == 400
    assert post(paws_emulator, path, json.dumps({"DisplayName": "x" * 257}).encode()).status == 400
    assert post(paws_emulator, path, json.dumps({"ParticipantRole": "SUPERVISOR"}).encode()).status == 200


def test_repeated_log_lines_are_counted_not_written(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("paws_compat.emulator.test-repeat")
    limiter = RepeatFilter(window=60.0)
    logger.addFilter(limiter)
    try:
        with caplog.at_level(logging.WARNING, logger=logger.name):
            for _ in range(10_000):
                logger.warning("accept failed: %s", "EMFILE")
            logger.warning("a different line")
    finally:
        logger.removeFilter(limiter)
    assert [r.getMessage() for r in caplog.records] == ["accept failed: EMFILE", "a different line"]

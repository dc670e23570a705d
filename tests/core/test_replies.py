"""A reply is complete or it is an error, and every call has a bound: hostile servers on raw
sockets (cut-off heads, a status line alone, no length and no body, interim 1xx replies, a
trickled body, a huge retry-after, a gzip bomb)."""

from __future__ import annotations

import contextlib
import gzip
import json
import socket
import threading
import time
from collections.abc import Callable, Iterator, Mapping

import pytest
import requests

import paws_compat
from paws_compat.errors import ConfigError, ConnectionError, ReadTimeoutError, ThrottlingException

Script = Callable[[socket.socket], None]


class RawServer:
    """Answers each request (head and Content-Length body read) with `script(conn)`."""

    def __init__(self, script: Script) -> None:
        self.script = script
        self.requests = 0
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.2)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._listener.getsockname()[1]}"

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._listener.accept()
            except (TimeoutError, OSError):
                continue
            threading.Thread(target=self._one, args=(conn,), daemon=True).start()

    def _one(self, conn: socket.socket) -> None:
        with conn, contextlib.suppress(OSError):
            conn.settimeout(10)
            while True:
                head = b""
                while b"\r\n\r\n" not in head:
                    data = conn.recv(65536)
                    if not data:
                        return
                    head += data
                raw_head, _, rest = head.partition(b"\r\n\r\n")
                length = next(
                    (
                        int(line.split(b":")[1])
                        for line in raw_head.split(b"\r\n")
                        if line.lower().startswith(b"content-length")
                    ),
                    0,
                )
                while len(rest) < length:
                    rest += conn.recv(65536)
                self.requests += 1
                self.script(conn)

    def close(self) -> None:
        self._stop.set()
        self._listener.close()
        self._thread.join(timeout=5)


@pytest.fixture
def serve() -> Iterator[Callable[[Script], RawServer]]:
    servers: list[RawServer] = []

    def make(script: Script) -> RawServer:
        server = RawServer(script)
        servers.append(server)
        return server

    yield make
    for server in servers:
        server.close()


def _client(
    server: RawServer, session: requests.Session | None = None, **config: object
) -> paws_compat.Client:
    settings = {"endpoint": server.url, "region": "us-east-1", "max_retries": 3, **config}
    return paws_compat.connectparticipant(config=settings, session=session)


SESSIONS = ["own", "plain requests.Session"]


def _session(kind: str) -> requests.Session | None:
    return None if kind == "own" else requests.Session()


def _send(svc: paws_compat.Client) -> str:
    return str(svc.send_message(ContentType="text/plain", Content="hi", ConnectionToken="t")["Id"])


def _then_close(data: bytes) -> Script:
    def script(conn: socket.socket) -> None:
        conn.sendall(data)
        conn.shutdown(socket.SHUT_RDWR)
        raise OSError("closed")  # ends this connection's loop

    return script


@pytest.mark.parametrize(
    "reply",
    [
        b"HTTP/1.1 200 OK\r\nContent-Type: applic",  # cut off inside its headers
        b"HTTP/1.1 200 OK\r\n",  # a status line alone
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n",  # no length, no body
        b'HTTP/1.1 200 OK\r\nContent-Length: 40\r\n\r\n{"Id": "m',  # shorter than its length
    ],
    ids=["cut-in-headers", "status-line-alone", "no-length-no-body", "short-body"],
)
def test_an_incomplete_reply_is_an_error_after_retries(
    serve: Callable[[Script], RawServer], reply: bytes
) -> None:
    server = serve(_then_close(reply))
    with pytest.raises(ConnectionError):
        _send(_client(server))
    assert server.requests == 3  # resent: the ClientToken makes SendMessage idempotent


def test_a_reply_without_length_but_with_a_body_is_accepted(serve: Callable[[Script], RawServer]) -> None:
    server = serve(_then_close(b'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{"Id": "m-1"}'))
    assert _send(_client(server)) == "m-1"


def _json_reply(body: dict[str, object], extra: bytes = b"") -> bytes:
    data = json.dumps(body).encode()
    return extra + b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s" % (
        len(data),
        data,
    )


@pytest.mark.parametrize("kind", SESSIONS)
def test_interim_replies_are_skipped(serve: Callable[[Script], RawServer], kind: str) -> None:
    hints = b"HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n"
    server = serve(
        lambda conn: conn.sendall(_json_reply({"Id": "m-2"}, hints + b"HTTP/1.1 100 Continue\r\n\r\n"))
    )
    svc = _client(server, _session(kind))
    assert _send(svc) == "m-2"
    assert _send(svc) == "m-2"  # the connection is in step for the next call
    assert server.requests == 2


def test_a_plain_sessions_idle_connections_skip_interim_replies_too(
    serve: Callable[[Script], RawServer],
) -> None:
    replies = iter([b"", b"HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n"])
    server = serve(lambda conn: conn.sendall(_json_reply({"Id": "m-3"}, next(replies))))
    session = requests.Session()
    # The Session talks to the origin before any client does: its pool holds an idle connection.
    assert session.post(server.url + "/participant/message", data=b"{}").json() == {"Id": "m-3"}
    assert _send(_client(server, session)) == "m-3"
    assert server.requests == 2


def _trickled_head(conn: socket.socket) -> None:
    """A 200 whose head arrives a byte every 0.3 s (a long header: minutes in all)."""
    head = b"HTTP/1.1 200 OK\r\nX-Padding: " + b"a" * 1000 + b"\r\nContent-Length: 2\r\n\r\n{}"
    for byte in head:
        conn.sendall(bytes([byte]))
        time.sleep(0.3)


@pytest.mark.parametrize("kind", SESSIONS)
def test_a_trickled_head_is_cut_by_the_call_deadline(serve: Callable[[Script], RawServer], kind: str) -> None:
    server = serve(_trickled_head)
    with pytest.raises(ReadTimeoutError, match="deadline"):
        _send(_client(server, _session(kind), timeout=1, call_timeout=2))


def test_a_trickled_body_is_cut_by_the_call_deadline(serve: Callable[[Script], RawServer]) -> None:
    def trickle(conn: socket.socket) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n")
        for _ in range(1000):
            conn.sendall(b" ")
            time.sleep(0.3)

    server = serve(trickle)
    began = time.monotonic()
    with pytest.raises(ReadTimeoutError):
        _send(_client(server, timeout=1, call_timeout=2))
    assert time.monotonic() - began < 4


def test_a_users_own_transport_is_given_the_call_deadline(serve: Callable[[Script], RawServer]) -> None:
    """The deadline is part of the Transport interface: a transport of the user's own (here one
    that counts its calls around the default one) receives it and hands it on."""
    from paws_compat._transport import RequestsTransport, Response, Timeouts, Transport

    class Counting(Transport):
        def __init__(self) -> None:
            self.inner = RequestsTransport()
            self.deadlines: list[float | None] = []

        def send(
            self,
            method: str,
            url: str,
            headers: Mapping[str, str],
            body: bytes | None,
            timeouts: Timeouts,
            *,
            deadline: float | None = None,
        ) -> Response:
            self.deadlines.append(deadline)
            return self.inner.send(method, url, headers, body, timeouts, deadline=deadline)

    server = serve(_trickled_head)
    counting = Counting()
    svc = paws_compat.connectparticipant(
        config={"endpoint": server.url, "region": "us-east-1", "timeout": 1, "call_timeout": 2},
        transport=counting,
    )
    began = time.monotonic()
    with pytest.raises(ReadTimeoutError, match="deadline"):
        _send(svc)
    assert time.monotonic() - began < 4
    assert counting.deadlines and all(d is not None and d <= began + 2.5 for d in counting.deadlines)


def test_a_huge_retry_after_is_not_waited_for(serve: Callable[[Script], RawServer]) -> None:
    body = b'{"__type": "ThrottlingException", "message": "slow down"}'
    server = serve(
        lambda conn: conn.sendall(
            b"HTTP/1.1 429 Too Many Requests\r\nx-amz-retry-after: 1000000\r\n"
            b"x-amzn-ErrorType: ThrottlingException\r\n"
            b"Content-Length: %d\r\n\r\n%s" % (len(body), body)
        )
    )
    began = time.monotonic()
    with pytest.raises(ThrottlingException):
        _send(_client(server, call_timeout=3))
    assert time.monotonic() - began < 4


def test_a_gzip_bomb_is_refused_under_the_size_limit(serve: Callable[[Script], RawServer]) -> None:
    bomb = gzip.compress(b"\0" * (300 * 1024 * 1024), compresslevel=9)
    assert len(bomb) < 400_000
    head = b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: %d\r\n\r\n" % len(bomb)
    server = serve(lambda conn: conn.sendall(head + bomb))
    with pytest.raises(ConnectionError, match="larger than the limit"):
        _send(_client(server, max_retries=1))


def test_a_gzip_reply_is_decoded(serve: Callable[[Script], RawServer]) -> None:
    data = gzip.compress(b'{"Id": "zipped"}')
    head = b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: %d\r\n\r\n" % len(data)
    assert _send(_client(serve(lambda conn: conn.sendall(head + data)))) == "zipped"


def test_a_token_pasted_into_the_endpoints_path_is_masked() -> None:
    token = "AQIDAHhsZWNyZXQtdG9rZW4tdmFsdWUtMTIzNDU2Nzg5MA"
    with pytest.raises(ConfigError) as raised:
        paws_compat.connectparticipant(endpoint=f"http://example.com/{token}", region="us-east-1")
    assert token not in str(raised.value)
    assert "http://example.com/***" in str(raised.value)


@pytest.mark.parametrize(
    ("endpoint", "shown"),
    [
        ("example.com/{token}", "'example.com/***': expected http(s)://host"),  # the scheme left out
        ("https:/example.com/{token}", "'https:/example.com/***'"),
        ("user:{token}@example.com", "'***@example.com'"),
        ("https://exa mple.com/{token}", "the host 'exa mple.com' is not a host name or address"),
    ],
    ids=["no-scheme", "one-slash", "no-scheme-with-user", "space-in-host"],
)
def test_a_malformed_endpoint_with_a_token_is_refused_masked(endpoint: str, shown: str) -> None:
    token = "AQIDAHhsZWNyZXQtdG9rZW4tdmFsdWUtMTIzNDU2Nzg5MA"
    with pytest.raises(ConfigError) as raised:
        paws_compat.connectparticipant(endpoint=endpoint.format(token=token), region="us-east-1")
    assert token not in str(raised.value) and token not in repr(raised.value)
    assert shown in str(raised.value)


def test_a_download_larger_than_getattachment_says_is_refused(serve: Callable[[Script], RawServer]) -> None:
    from paws_compat.chat import ChatSessionError
    from paws_compat.chat._common import download_attachment

    server = serve(lambda conn: conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n" + b"x" * 100))
    svc = _client(server)

    class Stated:
        """GetAttachment's answer (the REST call is not what is tested): 5 bytes at the URL."""

        network = svc.network

        def get_attachment(self, **_: object) -> dict[str, object]:
            return {"Url": server.url + "/file?X-Amz-Signature=s3cret", "AttachmentSizeInBytes": 5}

    with pytest.raises(ChatSessionError, match="larger than the limit of 5 bytes") as raised:
        download_attachment(Stated(), "token", "att-1")
    assert "s3cret" not in str(raised.value)
    assert server.requests == 3  # a GET is resent

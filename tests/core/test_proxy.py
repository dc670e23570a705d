"""The emulator over https and wss behind a real CONNECT proxy, with a CA made by trustme: REST
calls, a chat (its websocket) and an attachment upload all go through the proxy and trust the CA,
taken from each source in turn (AWS_CA_BUNDLE, REQUESTS_CA_BUNDLE, config verify, the profile,
a passed Session); with NO_PROXY none goes through it; a dead proxy fails fast and says so."""

from __future__ import annotations

import asyncio
import os
import ssl
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
import trustme

import paws_compat
from paws_compat.chat import ChatConfig, ChatSession
from paws_compat.emulator import Emulator
from tests.proxy import ConnectProxy

_PROXY_VARIABLES = ("HTTPS_PROXY", "HTTP_PROXY", "ALL_PROXY", "NO_PROXY")


class TlsEmulator:
    """An Emulator whose routes are also served over TLS (on its own event loop), recording the
    peer port of every request that reaches the TLS side."""

    def __init__(self, emulator: Emulator, context: ssl.SSLContext) -> None:
        from aiohttp import web

        self.emulator = emulator
        self.peers: list[tuple[str, int]] = []
        app = emulator._server.application()

        @web.middleware
        async def record(request: web.Request, handler: Any) -> Any:
            peer = request.transport.get_extra_info("peername") if request.transport else None
            self.peers.append((request.path, int(peer[1]) if peer else -1))
            return await handler(request)

        app.middlewares.append(record)

        async def start() -> tuple[web.AppRunner, int]:
            runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0, handle_signals=False)
            await runner.setup()
            site = web.TCPSite(runner, "127.0.0.1", 0, ssl_context=context)
            await site.start()
            return runner, int(runner.addresses[0][1])

        loop = emulator._loop
        assert loop is not None
        self._loop = loop
        self._runner, self.port = asyncio.run_coroutine_threadsafe(start(), loop).result(timeout=20)
        self.endpoint = f"https://127.0.0.1:{self.port}"

    def close(self) -> None:
        asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(timeout=20)


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture(scope="module")
def tls_emulator(ca: trustme.CA) -> Iterator[TlsEmulator]:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ca.issue_cert("127.0.0.1", "localhost").configure_cert(context)
    emulator = Emulator().start_in_thread()
    front = TlsEmulator(emulator, context)
    yield front
    front.close()
    emulator.stop_thread()


@pytest.fixture
def ca_file(ca: trustme.CA, tmp_path: Path) -> str:
    path = tmp_path / "company-ca.pem"
    ca.cert_pem.write_to_path(str(path))
    return str(path)


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> pytest.MonkeyPatch:
    for name in list(os.environ):
        if name.startswith("AWS_") or name.upper() in (
            *_PROXY_VARIABLES,
            "REQUESTS_CA_BUNDLE",
            "CURL_CA_BUNDLE",
        ):
            monkeypatch.delenv(name)
    (tmp_path / "aws_config").write_text("")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "aws_config"))
    return monkeypatch


def _a_chat_round(svc: Any, front: TlsEmulator) -> None:
    """REST, a chat over wss and an attachment upload and download, as a customer does them."""
    pair = front.emulator.start_chat_with_agent()
    with ChatSession(svc, pair.customer.participant_token, config=ChatConfig.fast()) as chat:
        sent = chat.send_message("through the proxy")
        assert sent["Id"]
        attachment = chat.send_attachment(b"total: 42", name="invoice.txt")
        assert chat.download_attachment(attachment) == b"total: 42"  # its pre-signed URL, fetched
        deadline = time.monotonic() + 20
        seen: set[str] = set()
        while "through the proxy" not in seen and time.monotonic() < deadline:
            seen |= {str(item.Content) for item in chat.poll(timeout=1)}
        assert "through the proxy" in seen  # the message came back over the websocket


SOURCES = ["AWS_CA_BUNDLE", "REQUESTS_CA_BUNDLE", "config verify", "profile ca_bundle", "passed Session"]


@pytest.mark.parametrize("source", SOURCES)
def test_rest_chat_and_upload_go_through_the_proxy_trusting_the_ca(
    source: str, tls_emulator: TlsEmulator, ca_file: str, env: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    config: dict[str, Any] = {"endpoint": tls_emulator.endpoint, "region": "us-east-1"}
    session = None
    if source in ("AWS_CA_BUNDLE", "REQUESTS_CA_BUNDLE"):
        env.setenv(source, ca_file)
    elif source == "config verify":
        config["verify"] = ca_file
    elif source == "profile ca_bundle":
        (tmp_path / "aws_config").write_text(f"[default]\nca_bundle = {ca_file}\n")
    else:
        session = requests.Session()
        session.verify = ca_file
    with ConnectProxy() as proxy:
        env.setenv("HTTPS_PROXY", proxy.url)
        start = len(tls_emulator.peers)
        svc = paws_compat.Client(config, session=session)
        assert svc.network.verify == ca_file
        _a_chat_round(svc, tls_emulator)
        reached = tls_emulator.peers[start:]
        paths = {path for path, _ in reached}
        assert {"/participant/connection", "/participant/message", "/ws"} <= paths
        assert any(path.startswith("/_attachments/") for path in paths)
        assert all(port in proxy.upstream_ports for _, port in reached), reached
        assert set(proxy.tunnels) == {f"127.0.0.1:{tls_emulator.port}"}
        svc.close()


def test_no_proxy_sends_everything_direct(
    tls_emulator: TlsEmulator, ca_file: str, env: pytest.MonkeyPatch
) -> None:
    with ConnectProxy() as proxy:
        env.setenv("HTTPS_PROXY", proxy.url)
        env.setenv("NO_PROXY", "127.0.0.1")
        start = len(tls_emulator.peers)
        svc = paws_compat.connectparticipant(
            endpoint=tls_emulator.endpoint, region="us-east-1", config={"verify": ca_file}
        )
        _a_chat_round(svc, tls_emulator)
        assert "/ws" in {path for path, _ in tls_emulator.peers[start:]}
        assert proxy.tunnels == []
        svc.close()


def test_a_session_with_proxy_credentials_governs_the_websocket_too(
    tls_emulator: TlsEmulator, ca_file: str, env: pytest.MonkeyPatch
) -> None:
    with ConnectProxy(credentials=("user", "s3cret")) as proxy:
        session = requests.Session()
        session.proxies = {"https": proxy.url}
        session.verify = ca_file
        svc = paws_compat.Client({"endpoint": tls_emulator.endpoint, "region": "us-east-1"}, session=session)
        _a_chat_round(svc, tls_emulator)
        assert proxy.tunnels and not proxy.refused
        svc.close()


def test_a_dead_proxy_fails_fast_and_names_it(
    tls_emulator: TlsEmulator, ca_file: str, env: pytest.MonkeyPatch
) -> None:
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env.setenv("HTTPS_PROXY", f"http://user:s3cret@127.0.0.1:{port}")
    svc = paws_compat.connectparticipant(
        endpoint=tls_emulator.endpoint, region="us-east-1", config={"verify": ca_file}
    )
    pair = tls_emulator.emulator.start_chat_with_agent()
    began = time.monotonic()
    with pytest.raises(paws_compat.ConnectionError) as raised:
        svc.create_participant_connection(
            Type=["WEBSOCKET"], ParticipantToken=pair.customer.participant_token
        )
    assert time.monotonic() - began < 5
    message = str(raised.value)
    assert f"could not reach the proxy http://***@127.0.0.1:{port}" in message
    assert "s3cret" not in message and "s3cret" not in repr(raised.value)


def test_a_chat_behind_a_dead_proxy_fails_at_once_naming_it(
    tls_emulator: TlsEmulator, ca_file: str, env: pytest.MonkeyPatch
) -> None:
    """start() does not wait out its timeout for a proxy that is not there: the chat never
    connected, so the proxy is configuration, and the error is the one that names it."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env.setenv("HTTPS_PROXY", f"http://user:s3cret@127.0.0.1:{port}")
    svc = paws_compat.connectparticipant(
        endpoint=tls_emulator.endpoint, region="us-east-1", config={"verify": ca_file}
    )
    pair = tls_emulator.emulator.start_chat_with_agent()
    chat = ChatSession(svc, pair.customer.participant_token, config=ChatConfig.fast())
    began = time.monotonic()
    with pytest.raises(paws_compat.errors.ProxyConnectionError) as raised:
        chat.start(timeout=30)
    assert time.monotonic() - began < 10  # the client's own retries, not start()'s 30 s
    message = str(raised.value)
    assert f"could not reach the proxy http://***@127.0.0.1:{port}" in message
    assert "s3cret" not in message and "s3cret" not in repr(raised.value)
    svc.close()


class _StandIn:
    """A client of another kind (no network policy of its own), as a chat session may be given:
    it makes the REST calls; the attachment's bytes are the chat layer's to carry."""

    def __init__(self, inner: paws_compat.Client) -> None:
        self._inner = inner

    def __getattr__(self, name: str) -> Any:
        if name in ("network", "tls_verify"):
            raise AttributeError(name)
        return getattr(self._inner, name)


@pytest.mark.parametrize("source", ["AWS_CA_BUNDLE", "profile ca_bundle", "REQUESTS_CA_BUNDLE"])
def test_a_stand_in_clients_attachments_take_the_default_policy(
    source: str, tls_emulator: TlsEmulator, ca_file: str, env: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """No urllib3 pool of its own: the upload and download of a client without `.network` go by
    requests under the policy a default client would have (the proxy and CA from the environment)."""
    from paws_compat.chat import _common

    if source == "profile ca_bundle":
        (tmp_path / "aws_config").write_text(f"[default]\nca_bundle = {ca_file}\n")
    else:
        env.setenv(source, ca_file)
    with ConnectProxy() as proxy:
        env.setenv("HTTPS_PROXY", proxy.url)
        svc = paws_compat.connectparticipant(endpoint=tls_emulator.endpoint, region="us-east-1")
        stand_in = _StandIn(svc)
        pair = tls_emulator.emulator.start_chat_with_agent()
        token = stand_in.create_participant_connection(
            Type=["CONNECTION_CREDENTIALS"], ParticipantToken=pair.customer.participant_token
        ).ConnectionCredentials.ConnectionToken
        start = len(tls_emulator.peers)
        attachment = _common.send_attachment(stand_in, token, b"total: 42", "invoice.txt", None)
        assert _common.download_attachment(stand_in, token, attachment) == b"total: 42"
        reached = tls_emulator.peers[start:]
        transfers = [(path, port) for path, port in reached if path.startswith("/_attachments/")]
        assert len(transfers) == 2  # the PUT and the GET, each through the proxy
        assert all(port in proxy.upstream_ports for _, port in transfers), transfers
        svc.close()


def test_a_stand_in_clients_upload_keeps_the_clear_text_rule(env: pytest.MonkeyPatch) -> None:
    from paws_compat.chat import ChatSessionError, _common

    with pytest.raises(ChatSessionError, match="attachment upload refused: refusing clear-text"):
        _common.put_bytes("http://192.0.2.10/_attachments/a?X-Amz-Signature=s3cret", b"x", {})


def test_a_proxy_without_a_scheme_carries_rest_the_chat_and_uploads(
    tls_emulator: TlsEmulator, ca_file: str, env: pytest.MonkeyPatch
) -> None:
    """HTTPS_PROXY=user:password@host:port (no scheme: requests and curl take it as http://)
    governs the websocket and the uploads as it does REST."""
    with ConnectProxy(credentials=("user", "s3cret")) as proxy:
        env.setenv("HTTPS_PROXY", proxy.url.removeprefix("http://"))
        svc = paws_compat.connectparticipant(
            endpoint=tls_emulator.endpoint, region="us-east-1", config={"verify": ca_file}
        )
        start = len(tls_emulator.peers)
        _a_chat_round(svc, tls_emulator)
        reached = tls_emulator.peers[start:]
        assert "/ws" in {path for path, _ in reached}
        assert all(port in proxy.upstream_ports for _, port in reached), reached
        assert not proxy.refused
        svc.close()


def test_a_dead_proxy_without_a_scheme_is_named_masked(
    tls_emulator: TlsEmulator, ca_file: str, env: pytest.MonkeyPatch
) -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env.setenv("HTTPS_PROXY", f"user:s3cret@127.0.0.1:{port}")
    svc = paws_compat.connectparticipant(
        endpoint=tls_emulator.endpoint, region="us-east-1", config={"verify": ca_file}
    )
    with pytest.raises(paws_compat.ConnectionError) as raised:
        svc.create_participant_connection(Type=["WEBSOCKET"], ParticipantToken="t")
    assert f"could not reach the proxy http://***@127.0.0.1:{port}" in str(raised.value)
    assert "s3cret" not in str(raised.value) and "s3cret" not in repr(raised.value)


@pytest.mark.parametrize("proxy", ["http://:s3cret@", "ftp://user:s3cret@127.0.0.1:3128", "http://user:s3cret@h:port"])
def test_a_malformed_proxy_is_a_config_error_at_once(
    proxy: str, tls_emulator: TlsEmulator, ca_file: str, env: pytest.MonkeyPatch
) -> None:
    """A proxy setting to fix is said at once, masked, as a ConfigError (not retried as a network
    failure, nor requests' own exception or a TypeError from inside it)."""
    env.setenv("HTTPS_PROXY", proxy)
    svc = paws_compat.connectparticipant(
        endpoint=tls_emulator.endpoint, region="us-east-1", config={"verify": ca_file}
    )
    began = time.monotonic()
    with pytest.raises(paws_compat.ConfigError, match="is not a valid proxy URL") as raised:
        svc.create_participant_connection(Type=["WEBSOCKET"], ParticipantToken="t")
    assert time.monotonic() - began < 1
    assert "s3cret" not in str(raised.value) and "***" in str(raised.value)


def test_a_stand_in_clients_chat_takes_the_default_policy(
    tls_emulator: TlsEmulator, ca_file: str, env: pytest.MonkeyPatch
) -> None:
    """A chat session given a client without `.network`: its websocket goes through the proxy
    from the environment trusting AWS_CA_BUNDLE, as its REST calls and attachments do (not
    websockets' own proxy and TLS defaults, which do not know the company CA)."""
    env.setenv("AWS_CA_BUNDLE", ca_file)
    with ConnectProxy() as proxy:
        env.setenv("HTTPS_PROXY", proxy.url)
        svc = paws_compat.connectparticipant(endpoint=tls_emulator.endpoint, region="us-east-1")
        start = len(tls_emulator.peers)
        _a_chat_round(_StandIn(svc), tls_emulator)
        reached = tls_emulator.peers[start:]
        assert "/ws" in {path for path, _ in reached}
        assert all(port in proxy.upstream_ports for _, port in reached), reached
        svc.close()

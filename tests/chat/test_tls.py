"""Chat websockets trust what the client's HTTPS calls trust: a CA bundle from config or
AWS_CA_BUNDLE (Client.tls_verify) reaches the wss:// handshake, against a real TLS server; and
a plain ws:// (the local emulator) never goes through a proxy from the environment."""

from __future__ import annotations

import asyncio
import socket
import ssl
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from websockets.asyncio.client import connect
from websockets.asyncio.server import ServerConnection, serve

import paws_compat
from paws_compat import _network
from paws_compat.chat._engine import _transport_options
from tests.tls import self_signed_certificate


async def _echo(ws: ServerConnection) -> None:
    async for message in ws:
        await ws.send(message)


def _handshake(cert: Path, key: Path, verify: bool | str) -> str:
    async def scenario() -> str:
        server_side = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        server_side.load_cert_chain(cert, key)
        async with serve(_echo, "127.0.0.1", 0, ssl=server_side) as server:
            port = server.sockets[0].getsockname()[1]
            url = f"wss://127.0.0.1:{port}/connect"
            policy = _network.build(session=None, config_verify=verify, aws_bundle=None, allow_http=False)
            async with connect(url, **policy.websocket_options(url), open_timeout=10) as ws:
                await ws.send("ping")
                return str(await asyncio.wait_for(ws.recv(), 10))

    return asyncio.run(scenario())


def test_the_websocket_trusts_the_clients_ca_bundle(tmp_path: Path) -> None:
    cert, key = self_signed_certificate(tmp_path)
    assert _handshake(cert, key, str(cert)) == "ping"
    with pytest.raises(ssl.SSLCertVerificationError):
        _handshake(cert, key, True)  # the default store does not know this CA


def test_the_client_hands_its_resolved_trust_to_the_chat_layer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cert, _ = self_signed_certificate(tmp_path)
    monkeypatch.setenv("AWS_CA_BUNDLE", str(cert))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    with paws_compat.connectparticipant(region="us-east-1") as svc:
        assert svc.tls_verify == str(cert)
        url = "wss://example.invalid/connect"
        assert _transport_options("ws://127.0.0.1:1/connect", svc) == {"proxy": None}
        options = _transport_options(url, svc)
        assert options["ssl"] is svc.network.ssl_context()  # one context per client, not per connect
        assert options["ssl"] is _transport_options(url, svc)["ssl"]
    # A stand-in client (no network policy) takes the default one, with AWS_CA_BUNDLE in it.
    stand_in = object()
    options = _transport_options(url, stand_in)
    assert options["proxy"] is None and options["ssl"].verify_mode == ssl.CERT_REQUIRED
    with pytest.raises(paws_compat.ConfigError, match="refusing clear-text"):
        _transport_options("ws://192.0.2.10/connect", stand_in)


def test_a_plain_websocket_never_goes_through_a_proxy(
    paws_emulator: Any, open_session: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Plain ws:// carries its AuthToken in clear: it is allowed only because the peer is local.
    with socket.create_server(("127.0.0.1", 0)) as proxy:
        proxy.settimeout(0.2)
        proxy_url = f"http://127.0.0.1:{proxy.getsockname()[1]}"
        for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "all_proxy"):
            monkeypatch.setenv(name, proxy_url)
        for name in ("NO_PROXY", "no_proxy"):
            monkeypatch.delenv(name, raising=False)
        pair = paws_emulator.start_chat_with_agent()
        session = open_session(paws_emulator.endpoint, pair.customer.participant_token)
        assert session.state.value == "connected"
        with pytest.raises(TimeoutError):
            proxy.accept()  # nobody came to the proxy

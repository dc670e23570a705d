"""Browsers: CORS on every route (loopback origins and added ones), the Host check against DNS
rebinding, and URLs built on the bound address; raw HTTP so every header is what a browser sends."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import Any

import pytest
import urllib3

from paws_compat.cli import emulator as command
from paws_compat.emulator import ChatPair, Emulator
from paws_compat.emulator._limits import from_arguments
from tests.emulator.test_attachments import start

PAGE = "http://127.0.0.1:5173"
# What AWS's JS SDK v2 (bundled by amazon-connect-chatjs) puts on a Participant Service call.
SDK_HEADERS = "content-type,x-amz-bearer,x-amz-user-agent,x-amz-date,amz-sdk-invocation-id"


def request(
    emulator: Emulator, method: str, path: str, headers: dict[str, str] | None = None, body: Any = None
) -> urllib3.BaseHTTPResponse:
    data = json.dumps(body).encode() if body is not None else None
    return urllib3.request(
        method, emulator.endpoint + path, headers=headers or {}, body=data, timeout=10, redirect=False
    )


def preflight(
    emulator: Emulator, path: str, origin: str, method: str = "POST", headers: str = SDK_HEADERS
) -> Any:
    return request(
        emulator,
        "OPTIONS",
        path,
        {
            "Origin": origin,
            "Access-Control-Request-Method": method,
            "Access-Control-Request-Headers": headers,
        },
    )


@pytest.mark.parametrize("origin", [PAGE, "http://localhost:3000", "https://[::1]:8443", "http://127.0.0.2"])
def test_preflight_from_a_loopback_page_allows_the_sdk_headers(paws_emulator: Emulator, origin: str) -> None:
    answer = preflight(paws_emulator, "/participant/message", origin)
    assert answer.status == 204
    assert answer.headers["Access-Control-Allow-Origin"] == origin
    assert "POST" in answer.headers["Access-Control-Allow-Methods"]
    assert set(answer.headers["Access-Control-Allow-Headers"].split(", ")) == set(SDK_HEADERS.split(","))
    assert "Origin" in answer.headers["Vary"]


def test_an_error_exposes_its_type_and_request_id_to_the_page(paws_emulator: Emulator) -> None:
    answer = request(
        paws_emulator,
        "POST",
        "/participant/message",
        {"Origin": PAGE, "Content-Type": "application/json", "X-Amz-Bearer": "not-a-token"},
        {"ContentType": "text/plain", "Content": "hi"},
    )
    assert answer.status == 403
    assert answer.headers["Access-Control-Allow-Origin"] == PAGE
    exposed = {h.strip().lower() for h in answer.headers["Access-Control-Expose-Headers"].split(",")}
    assert {"x-amzn-errortype", "x-amzn-requestid"} <= exposed
    assert answer.headers["x-amzn-ErrorType"].startswith("AccessDeniedException:")


def test_an_unknown_route_answers_with_cors_headers_too(paws_emulator: Emulator) -> None:
    answer = request(paws_emulator, "GET", "/no/such/route", {"Origin": PAGE})
    assert answer.status == 404
    assert answer.headers["Access-Control-Allow-Origin"] == PAGE


def test_attachment_urls_take_a_cross_origin_put_with_their_signed_headers(
    paws_emulator: Emulator, participant: Any, tokens: tuple[str, str]
) -> None:
    metadata = start(participant, tokens[0])["UploadMetadata"]
    path = metadata["Url"][len(paws_emulator.endpoint) :]
    # A browser asks for every header it will set itself; Content-Length is its own (forbidden to
    # the page), never listed.
    asked = [h.lower() for h in metadata["HeadersToInclude"] if h.lower() != "content-length"]
    answer = preflight(paws_emulator, path, PAGE, "PUT", ",".join(asked))
    assert answer.status == 204 and "PUT" in answer.headers["Access-Control-Allow-Methods"]
    put = urllib3.request(
        "PUT",
        metadata["Url"],
        body=b"abc",
        headers={"Origin": PAGE, **metadata["HeadersToInclude"]},
        timeout=10,
    )
    assert put.status == 200
    assert put.headers["Access-Control-Allow-Origin"] == PAGE


@pytest.mark.parametrize("origin", ["https://evil.example", "http://127.0.0.1.evil.example", "null"])
def test_other_origins_are_refused_outright(paws_emulator: Emulator, origin: str) -> None:
    assert preflight(paws_emulator, "/participant/message", origin).status == 403
    # A "simple" cross-site POST needs no preflight: it must not reach the control API either.
    answer = request(
        paws_emulator, "POST", "/_emulator/chats", {"Origin": origin, "Content-Type": "text/plain"}, {}
    )
    assert answer.status == 403
    assert "Access-Control-Allow-Origin" not in answer.headers


def test_cors_origin_adds_an_origin(paws_emulator_factory: Callable[..., Emulator]) -> None:
    emulator = paws_emulator_factory(cors_origins=["https://app.example"])
    assert preflight(emulator, "/participant/transcript", "https://app.example").status == 204
    assert preflight(emulator, "/participant/transcript", "https://other.example").status == 403


def test_the_command_line_takes_cors_origins_and_allowed_hosts() -> None:
    parser = argparse.ArgumentParser(prog="paws-compat")
    command.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(
        [
            "emulator",
            "--cors-origin",
            "https://a.example",
            "--cors-origin",
            "http://b.example:8080",
            "--allowed-host",
            "devbox.internal",
            "--ended-chat-retention-seconds",
            "30",
        ]
    )
    limits = from_arguments(args)
    assert limits.cors_origins == ("https://a.example", "http://b.example:8080")
    assert limits.allowed_hosts == ("devbox.internal",)
    assert limits.ended_chat_retention_seconds == 30.0
    with pytest.raises(ValueError, match="--cors-origin: "):
        from_arguments(parser.parse_args(["emulator", "--cors-origin", "app.example/"]))


@pytest.mark.parametrize("host", ["evil.example", "rebound.attacker.test:80", "localhost.evil.example"])
def test_a_host_header_naming_another_server_is_refused(paws_emulator: Emulator, host: str) -> None:
    port = paws_emulator.port
    answer = request(paws_emulator, "GET", "/_emulator/health", {"Host": f"{host}:{port}"})
    assert answer.status == 403


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "[::1]", "app.localhost"])
def test_loopback_names_and_ip_literals_are_served(paws_emulator: Emulator, host: str) -> None:
    answer = request(paws_emulator, "GET", "/_emulator/health", {"Host": f"{host}:{paws_emulator.port}"})
    assert answer.status == 200


def test_allowed_host_adds_a_name(paws_emulator_factory: Callable[..., Emulator]) -> None:
    emulator = paws_emulator_factory(allowed_hosts=["devbox.internal"])
    assert request(emulator, "GET", "/_emulator/health", {"Host": "devbox.internal:1"}).status == 200


def test_websocket_and_attachment_urls_use_the_bound_address_not_the_host_header(
    paws_emulator: Emulator, paws_chat: ChatPair
) -> None:
    answer = request(
        paws_emulator,
        "POST",
        "/participant/connection",
        {"Host": f"localhost:{paws_emulator.port}", "X-Amz-Bearer": paws_chat.customer.participant_token},
        {"Type": ["WEBSOCKET"]},
    )
    url = json.loads(answer.data)["Websocket"]["Url"]
    assert url.startswith(f"ws://127.0.0.1:{paws_emulator.port}/ws?AuthToken=")

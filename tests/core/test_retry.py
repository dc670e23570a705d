"""Retries that really resend (boto3 standard mode, wire.md), counted by the server."""

from __future__ import annotations

import logging
import socket
import uuid

import pytest

import paws_compat
from paws_compat._client import Client
from paws_compat._config import Config
from paws_compat._errors import error_from_response
from paws_compat._retry import MAX_BACKOFF, StandardRetry, classify, retry_after
from paws_compat.errors import (
    AccessDeniedException,
    ConnectionError,
    InternalServerException,
    ReadTimeoutError,
    ServiceError,
    ValidationException,
)
from tests.core.conftest import CANARY
from tests.core.server import Reply, ScriptedServer, error_reply

CONNECTION = {"Type": ["WEBSOCKET"], "ParticipantToken": CANARY}


def client_for(
    server: ScriptedServer, sleeps: list[float], *, attempts: int = 3, rand: float = 0.5, **config: object
) -> Client:
    retry = StandardRetry(attempts, rand=lambda: rand, sleep=sleeps.append)
    return Client(Config(endpoint=server.url, **config), retry=retry)  # type: ignore[arg-type]


def test_transient_errors_are_resent_until_success(server: ScriptedServer) -> None:
    sleeps: list[float] = []
    server.script(error_reply("InternalServerException", 500), Reply(status=503, body="<html>busy</html>"))
    result = client_for(server, sleeps).send_message(
        ContentType="text/plain", Content="hi", ConnectionToken=CANARY
    )
    assert result is not None
    assert len(server.requests) == 3
    assert [r.header("amz-sdk-request") for r in server.requests] == [
        "attempt=1; max=3",
        "attempt=2; max=3",
        "attempt=3; max=3",
    ]
    # One invocation id and one idempotency token for every attempt of the call.
    assert len({r.header("amz-sdk-invocation-id") for r in server.requests}) == 1
    uuid.UUID(server.requests[0].header("amz-sdk-invocation-id") or "")
    assert len({r.json()["ClientToken"] for r in server.requests}) == 1
    assert len({r.body for r in server.requests}) == 1
    # Transient base 50 ms, doubling, scaled by the random draw.
    assert sleeps == [pytest.approx(0.5 * 0.05), pytest.approx(0.5 * 0.1)]


def test_every_call_has_its_own_invocation_id_and_client_token(server: ScriptedServer) -> None:
    svc = client_for(server, [])
    svc.send_message(ContentType="text/plain", Content="a", ConnectionToken="t")
    svc.send_message(ContentType="text/plain", Content="b", ConnectionToken="t")
    first, second = server.requests
    assert first.header("amz-sdk-invocation-id") != second.header("amz-sdk-invocation-id")
    assert first.json()["ClientToken"] != second.json()["ClientToken"]


def test_attempts_are_capped_and_the_last_error_raised(server: ScriptedServer) -> None:
    sleeps: list[float] = []
    server.script(*[error_reply("InternalServerException", 500, "boom")] * 5)
    with pytest.raises(InternalServerException) as caught:
        client_for(server, sleeps).create_participant_connection(**CONNECTION)
    assert len(server.requests) == 3
    assert len(sleeps) == 2
    assert caught.value.status_code == 500
    assert caught.value.request_id == "req-3"


def test_throttling_uses_the_one_second_base(server: ScriptedServer) -> None:
    sleeps: list[float] = []
    server.script(error_reply("ThrottlingException", 429), error_reply("ThrottlingException", 429))
    client_for(server, sleeps, rand=1.0).create_participant_connection(**CONNECTION)
    assert len(server.requests) == 3
    assert sleeps == [pytest.approx(1.0), pytest.approx(2.0)]


def test_throttling_known_only_by_header_or_status_is_resent(server: ScriptedServer) -> None:
    # paws does not retry a 429 whose type is only in the header; boto3 does.
    server.script(
        Reply(status=429, body=b"", headers={"x-amzn-ErrorType": "ThrottlingException"}),
        Reply(status=429, body=b"Too Many Requests", headers={"Content-Type": "text/plain"}),
    )
    client_for(server, []).create_participant_connection(**CONNECTION)
    assert len(server.requests) == 3


def test_retry_after_header_is_honoured(server: ScriptedServer) -> None:
    sleeps: list[float] = []
    server.script(
        Reply(status=503, body=b"", headers={"x-amz-retry-after": "1500"}),
        Reply(status=503, body=b"", headers={"x-amz-retry-after": "999999"}),
    )
    client_for(server, sleeps).create_participant_connection(**CONNECTION)
    # Honoured, but a server cannot make the client wait longer than the backoff cap.
    assert sleeps == [pytest.approx(1.5), pytest.approx(MAX_BACKOFF)]


@pytest.mark.parametrize(
    ("code", "status", "error_class"),
    [
        ("ValidationException", 400, ValidationException),
        ("AccessDeniedException", 403, AccessDeniedException),
    ],
)
def test_non_retryable_errors_fail_at_once(
    server: ScriptedServer, code: str, status: int, error_class: type[ServiceError]
) -> None:
    sleeps: list[float] = []
    server.script(error_reply(code, status), Reply())
    with pytest.raises(error_class):
        client_for(server, sleeps).create_participant_connection(**CONNECTION)
    assert len(server.requests) == 1
    assert sleeps == []


def test_dropped_connection_is_resent(server: ScriptedServer) -> None:
    server.script(Reply(drop=True), Reply(drop=True))
    client_for(server, []).create_participant_connection(**CONNECTION)
    assert len(server.requests) == 3


def test_read_timeout_is_resent(server: ScriptedServer) -> None:
    # The read timeout also bounds the prompt second answer: roomy enough for a loaded machine.
    server.script(Reply(delay=4.0))
    client_for(server, [], timeout=1.0).create_participant_connection(**CONNECTION)
    assert len(server.requests) == 2


def test_read_timeouts_exhaust_attempts(server: ScriptedServer) -> None:
    server.script(*[Reply(delay=2.0)] * 2)  # far beyond the timeout, even if this thread is held up
    with pytest.raises(ReadTimeoutError):
        client_for(server, [], attempts=2, timeout=0.15).create_participant_connection(**CONNECTION)
    assert len(server.requests) == 2


def test_refused_connections_are_retried_then_raised() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    sleeps: list[float] = []
    retry = StandardRetry(3, rand=lambda: 1.0, sleep=sleeps.append)
    svc = Client(Config(endpoint=f"http://127.0.0.1:{port}"), retry=retry)
    with pytest.raises(ConnectionError):
        svc.create_participant_connection(**CONNECTION)
    assert sleeps == [pytest.approx(0.05), pytest.approx(0.1)]


@pytest.mark.parametrize(("max_retries", "sent"), [(0, 1), (1, 1), (2, 2), (3, 3), (5, 5)])
def test_max_retries_is_the_attempt_budget(server: ScriptedServer, max_retries: int, sent: int) -> None:
    server.script(*[Reply(status=503, body=b"", headers={"x-amz-retry-after": "0"})] * 6)
    svc = paws_compat.connectparticipant(config={"endpoint": server.url, "max_retries": max_retries})
    with pytest.raises(ServiceError):
        svc.create_participant_connection(**CONNECTION)
    assert len(server.requests) == sent
    assert server.last.header("amz-sdk-request") == f"attempt={sent}; max={max(1, max_retries)}"


def test_each_retry_is_logged_at_info_without_tokens(
    server: ScriptedServer, caplog: pytest.LogCaptureFixture
) -> None:
    server.script(
        error_reply("ThrottlingException", 429, f"slow down {CANARY}"),
        Reply(drop=True),
    )
    caplog.set_level(logging.DEBUG, logger="paws_compat")
    svc = client_for(server, [], rand=0.0)
    svc.describe_view(ViewToken=CANARY, ConnectionToken=CANARY)
    retries = [r for r in caplog.records if r.name == "paws_compat" and r.levelno == logging.INFO]
    assert len(retries) == 2
    assert "DescribeView" in retries[0].getMessage()
    assert "ThrottlingException (HTTP 429)" in retries[0].getMessage()
    assert "attempt 2 of 3" in retries[1].getMessage()
    for record in caplog.records:
        assert CANARY not in record.getMessage()
        assert CANARY not in repr(record.args)
        assert not record.exc_info


# ---- the policy itself --------------------------------------------------------------------------


def service_error(code: str, status: int) -> ServiceError:
    headers = {"x-amzn-ErrorType": code} if code else {}
    return error_from_response(status, headers, b'{"message": "m"}')


def test_retry_after_parsing() -> None:
    assert retry_after({"x-amz-retry-after": "250"}) == 0.25
    assert retry_after({"x-amz-retry-after": "soon"}) is None
    assert retry_after({"x-amz-retry-after": "-5"}) is None
    assert retry_after({}) is None
    assert retry_after(None) is None


def test_classification() -> None:
    assert classify(service_error("ThrottlingException", 429)) == "throttling"
    assert classify(service_error("SomethingNew", 429)) == "throttling"
    assert classify(service_error("InternalServerException", 500)) == "transient"
    assert classify(service_error("", 502)) == "transient"
    assert classify(service_error("AccessDeniedException", 403)) is None
    assert classify(service_error("ConflictException", 409)) is None
    assert classify(ValueError("not ours")) is None


def test_backoff_is_capped() -> None:
    policy = StandardRetry(10, rand=lambda: 1.0)
    throttled = service_error("ThrottlingException", 429)
    delays = [policy.delay(attempt, throttled) for attempt in range(1, 10)]
    assert delays[:5] == [1.0, 2.0, 4.0, 8.0, 16.0]
    assert delays[5:] == [MAX_BACKOFF] * 4
    assert policy.delay(10, throttled) is None


def test_quota_stops_retry_storms() -> None:
    policy = StandardRetry(3, rand=lambda: 0.0)
    failure = service_error("InternalServerException", 500)
    granted = 0
    while policy.delay(1, failure) is not None:
        granted += 1
        assert granted <= 100
    assert granted == 100  # 500 tokens at 5 a retry
    policy.succeeded()
    assert policy.quota == 1

"""The client through a real local server: signatures, the exact request of every operation,
every modelled error, validation before sending, result shapes, and tokens never shown."""

from __future__ import annotations

import inspect
import json
import logging
import re
import subprocess
import sys
import typing
import uuid
from typing import Any
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import paws_compat
from paws_compat._client import USER_AGENT, Client
from paws_compat._model import Operation, load_model
from paws_compat._transport import RequestsTransport
from paws_compat.errors import (
    ConnectionError,
    ParamValidationError,
    PawsCompatError,
    ResponseParseError,
    ServiceError,
    UnknownServiceError,
)
from tests.core.conftest import CANARY, CLEAN_ENV
from tests.core.samples import arguments, body_members, full_output
from tests.core.server import Reply, ScriptedServer, error_reply

MODEL = load_model("connectparticipant")
OPERATIONS = sorted(MODEL.operations.values(), key=lambda op: op.name)
IDS = [op.method_name for op in OPERATIONS]


@pytest.fixture(params=["default", "requests"])
def svc(server: ScriptedServer, request: pytest.FixtureRequest) -> Client:
    transport = RequestsTransport() if request.param == "requests" else None
    return paws_compat.connectparticipant(endpoint=server.url, config={"max_retries": 1}, transport=transport)


# ---- signatures ---------------------------------------------------------------------------------


def test_every_operation_is_a_method() -> None:
    assert len(OPERATIONS) == 11
    for op in OPERATIONS:
        assert callable(getattr(Client, op.method_name))


@pytest.mark.parametrize("op", OPERATIONS, ids=IDS)
def test_signature_follows_the_model(op: Operation) -> None:
    params = list(inspect.signature(getattr(Client, op.method_name)).parameters.values())
    assert params[0].name == "self"
    assert [p.name for p in params[1:]] == list(op.input_members)
    for param in params[1:]:
        member = op.input_members[param.name]
        assert param.kind is inspect.Parameter.KEYWORD_ONLY
        if param.name in op.required and not member.idempotency_token:
            assert param.default is inspect.Parameter.empty
        else:
            assert param.default is None
    hints = typing.get_type_hints(getattr(Client, op.method_name))
    assert list(hints) == [*op.input_members, "return"]
    assert hints["return"] is paws_compat.Record


@pytest.mark.parametrize("op", OPERATIONS, ids=IDS)
def test_help_shows_arguments(op: Operation) -> None:
    doc = getattr(Client, op.method_name).__doc__
    assert doc.startswith(f"{op.name}: {op.http_method} {op.request_uri}")
    for name in op.input_members:
        assert f"    {name}: " in doc


def test_unknown_and_missing_arguments_fail_as_python_does(server: ScriptedServer) -> None:
    svc = paws_compat.connectparticipant(endpoint=server.url)
    with pytest.raises(TypeError, match="unexpected keyword argument 'Typo'"):
        svc.create_participant_connection(ParticipantToken="t", Typo=1)
    with pytest.raises(TypeError, match="missing 1 required keyword-only argument: 'ParticipantToken'"):
        svc.create_participant_connection(Type=["WEBSOCKET"])
    assert server.requests == []


def test_connectparticipant_has_paws_signature() -> None:
    params = inspect.signature(paws_compat.connectparticipant).parameters
    assert list(params)[:4] == ["config", "credentials", "endpoint", "region"]


# ---- the exact request --------------------------------------------------------------------------


def test_create_participant_connection_as_wire_md_shows(svc: Client, server: ScriptedServer) -> None:
    svc.create_participant_connection(
        Type=["WEBSOCKET", "CONNECTION_CREDENTIALS"], ParticipantToken="ptok", ConnectParticipant=True
    )
    seen = server.last
    assert (seen.method, seen.path) == ("POST", "/participant/connection")
    assert seen.header("X-Amz-Bearer") == "ptok"
    assert seen.json() == {"Type": ["WEBSOCKET", "CONNECTION_CREDENTIALS"], "ConnectParticipant": True}
    assert list(seen.json()) == ["Type", "ConnectParticipant"]


@pytest.mark.parametrize("op", OPERATIONS, ids=IDS)
def test_exact_request_of_every_operation(svc: Client, server: ScriptedServer, op: Operation) -> None:
    args = arguments(op, token=f"bearer-{op.name}")
    getattr(svc, op.method_name)(**args)
    assert len(server.requests) == 1
    seen = server.last
    path = op.request_uri
    for name, member in op.input_members.items():
        if member.location == "uri":
            path = path.replace("{" + (member.location_name or name) + "}", quote(args[name], safe=""))
    assert seen.method == op.http_method
    assert seen.path == path
    assert seen.header("X-Amz-Bearer") == f"bearer-{op.name}"
    assert seen.header("Content-Type") in ("application/json", "application/x-amz-json-1.1")
    assert seen.header("User-Agent") == USER_AGENT
    assert USER_AGENT.startswith(f"paws-compat/{paws_compat.__version__} ")
    assert seen.header("amz-sdk-request") == "attempt=1; max=1"
    assert uuid.UUID(seen.header("amz-sdk-invocation-id") or "").version == 4
    # No signature and nothing that needs AWS credentials.
    for header in ("Authorization", "X-Amz-Date", "X-Amz-Security-Token", "X-Amz-Content-SHA256"):
        assert seen.header(header) is None
    expected = body_members(op, args)
    if expected:
        assert seen.json() == expected
        assert list(seen.json()) == list(expected)
    else:
        assert seen.body in (b"", b"{}")


@pytest.mark.parametrize(
    "op",
    [op for op in OPERATIONS if any(m.idempotency_token for m in op.input_members.values())],
    ids=lambda op: op.method_name,
)
def test_idempotency_token_filled_when_left_out(svc: Client, server: ScriptedServer, op: Operation) -> None:
    args = arguments(op)
    token_name = next(n for n, m in op.input_members.items() if m.idempotency_token)
    del args[token_name]
    getattr(svc, op.method_name)(**args)
    assert uuid.UUID(server.last.json()[token_name]).version == 4
    args[token_name] = "mine"
    getattr(svc, op.method_name)(**args)
    assert server.last.json()[token_name] == "mine"


def test_path_members_are_uri_encoded(svc: Client, server: ScriptedServer) -> None:
    svc.describe_view(ViewToken="a/b c?d#e%f", ConnectionToken="t")
    assert server.last.path == "/participant/views/a%2Fb%20c%3Fd%23e%25f"


def test_paws_style_arguments(svc: Client, server: ScriptedServer) -> None:
    svc.create_participant_connection(Type="WEBSOCKET", ParticipantToken="t", ConnectParticipant=False)
    assert server.last.json() == {"Type": ["WEBSOCKET"], "ConnectParticipant": False}
    svc.create_participant_connection(Type=("WEBSOCKET", "CONNECTION_CREDENTIALS"), ParticipantToken="t")
    assert server.last.json() == {"Type": ["WEBSOCKET", "CONNECTION_CREDENTIALS"]}


def test_custom_endpoint_path_prefix(server: ScriptedServer) -> None:
    svc = paws_compat.connectparticipant(endpoint=server.url + "/prefix/")
    svc.send_event(ContentType="application/vnd.amazonaws.connect.event.typing", ConnectionToken="t")
    assert server.last.path == "/prefix/participant/event"


def test_close_connection_asks_the_server_to_close(server: ScriptedServer) -> None:
    svc = paws_compat.connectparticipant(config={"endpoint": server.url, "close_connection": True})
    for _ in range(2):
        svc.send_event(ContentType="x", ConnectionToken="t")
    assert [r.header("Connection") for r in server.requests] == ["close", "close"]
    assert server.requests[0].client_port != server.requests[1].client_port


def test_no_aws_credentials_needed(
    server: ScriptedServer, clean_env: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")
    svc = paws_compat.connectparticipant(
        credentials={"creds": {"access_key_id": "A", "secret_access_key": "S"}}, endpoint=server.url
    )
    svc.create_participant_connection(Type=["WEBSOCKET"], ParticipantToken="t")
    assert server.last.header("Authorization") is None


# ---- validation before sending ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "args", "names"),
    [
        ("create_participant_connection", {"Type": ["NOPE"], "ParticipantToken": "t"}, ["Type"]),
        ("create_participant_connection", {"Type": [], "ParticipantToken": ""}, ["Type", "ParticipantToken"]),
        (
            "create_participant_connection",
            {"ParticipantToken": "t", "ConnectParticipant": "TRUE"},
            ["ConnectParticipant"],
        ),
        (
            "get_transcript",
            {"ConnectionToken": "t", "MaxResults": 101, "SortOrder": "UP"},
            ["MaxResults", "SortOrder"],
        ),
        ("get_transcript", {"ConnectionToken": "t", "MaxResults": True}, ["MaxResults"]),
        (
            "get_attachment",
            {"AttachmentId": "a", "ConnectionToken": "t", "UrlExpiryInSeconds": 1},
            ["UrlExpiryInSeconds"],
        ),
        ("cancel_participant_authentication", {"SessionId": "short", "ConnectionToken": "t"}, ["SessionId"]),
        (
            "complete_attachment_upload",
            {"AttachmentIds": ["a", "b"], "ConnectionToken": "t"},
            ["AttachmentIds"],
        ),
        (
            "send_message",
            {"ContentType": "text/plain", "Content": "x" * 16385, "ConnectionToken": "t"},
            ["Content"],
        ),
        # An undecodable byte from argv or a file name arrives as a lone surrogate.
        (
            "send_message",
            {"ContentType": "text/plain", "Content": "caf\udce9", "ConnectionToken": "t"},
            ["Content: holds a lone surrogate"],
        ),
    ],
)
def test_invalid_arguments_send_nothing(
    svc: Client, server: ScriptedServer, method: str, args: dict[str, Any], names: list[str]
) -> None:
    with pytest.raises(ParamValidationError) as caught:
        getattr(svc, method)(**args)
    assert server.requests == []
    for name in names:
        assert name in str(caught.value)
    assert isinstance(caught.value, PawsCompatError)


# ---- errors -------------------------------------------------------------------------------------


@pytest.mark.parametrize("code", sorted(MODEL.error_shapes))
def test_every_modelled_error(svc: Client, server: ScriptedServer, code: str) -> None:
    shape = MODEL.error_shapes[code]
    status = shape.error_status or 400
    server.script(error_reply(code, status, "you may not"))
    error_class = getattr(paws_compat.errors, shape.name)
    with pytest.raises(error_class) as caught:
        svc.send_message(ContentType="text/plain", Content="hi", ConnectionToken="t")
    error = caught.value
    assert isinstance(error, ServiceError)
    assert (error.code, error.status_code, error.message) == (code, status, "you may not")
    assert error.request_id == "req-1"
    assert error.error_response == {"message": "you may not"}
    assert str(error) == f"{code} (HTTP {status}). you may not"


def test_error_type_in_body_only(svc: Client, server: ScriptedServer) -> None:
    server.script(
        Reply(
            status=403,
            body={"__type": "com.amazonaws.connectparticipant#AccessDeniedException", "Message": "ended"},
        )
    )
    with pytest.raises(paws_compat.errors.AccessDeniedException) as caught:
        svc.disconnect_participant(ConnectionToken="t")
    assert str(caught.value) == "AccessDeniedException (HTTP 403). ended"


def test_unknown_error_code(svc: Client, server: ScriptedServer) -> None:
    server.script(error_reply("BrandNewException", 418, "new"))
    with pytest.raises(UnknownServiceError) as caught:
        svc.disconnect_participant(ConnectionToken="t")
    assert caught.value.code == "BrandNewException"
    assert caught.value.status_code == 418


def test_html_error_body_is_a_typed_error(svc: Client, server: ScriptedServer) -> None:
    html = Reply(
        status=502, body="<html><body>Bad Gateway</body></html>", headers={"Content-Type": "text/html"}
    )
    server.script(html)
    with pytest.raises(ServiceError) as caught:
        svc.disconnect_participant(ConnectionToken="t")
    assert caught.value.status_code == 502


@pytest.mark.parametrize(
    "body", [b"not json", b"[1, 2]", b'"text"', b"{", b"\xff\xfe", b'{"Id":' + b"[" * 100_000]
)
def test_odd_success_bodies_are_parse_errors(svc: Client, server: ScriptedServer, body: bytes) -> None:
    server.script(Reply(body=body))
    with pytest.raises(ResponseParseError):
        svc.create_participant_connection(Type=["WEBSOCKET"], ParticipantToken="t")


def test_transport_errors_share_the_base(server: ScriptedServer) -> None:
    server.script(Reply(drop=True))
    svc = paws_compat.connectparticipant(config={"endpoint": server.url, "max_retries": 1})
    with pytest.raises(PawsCompatError) as caught:
        svc.disconnect_participant(ConnectionToken="t")
    assert isinstance(caught.value, ConnectionError)


# ---- results ------------------------------------------------------------------------------------


@pytest.mark.parametrize("op", OPERATIONS, ids=IDS)
def test_full_response(svc: Client, server: ScriptedServer, op: Operation) -> None:
    full = full_output(op)
    server.script(Reply(body={**full, "UnknownMember": "dropped"}))
    result = getattr(svc, op.method_name)(**arguments(op))
    assert isinstance(result, paws_compat.Record)
    assert result.to_dict() == full
    assert list(result) == list(op.output.members if op.output else [])
    json.dumps(result.to_dict())


@pytest.mark.parametrize("op", OPERATIONS, ids=IDS)
@pytest.mark.parametrize("body", [b"", b"{}", b"  "])
def test_empty_response(svc: Client, server: ScriptedServer, op: Operation, body: bytes) -> None:
    server.script(Reply(body=body))
    result = getattr(svc, op.method_name)(**arguments(op))
    assert result.to_dict() == {}
    members = op.output.members if op.output else {}
    assert list(result) == list(members)
    for name, member in members.items():
        value = result[name]
        if member.shape.type == "structure":
            assert list(value) == list(member.shape.members)
        else:
            assert len(value) == 0 and not value


@pytest.mark.parametrize(
    "op", [op for op in OPERATIONS if op.output and op.output.members], ids=lambda op: op.method_name
)
def test_partial_response(svc: Client, server: ScriptedServer, op: Operation) -> None:
    full = full_output(op)
    first = next(iter(full))
    server.script(Reply(body={first: full[first]}))
    result = getattr(svc, op.method_name)(**arguments(op))
    assert result.to_dict() == {first: full[first]}
    assert list(result) == list(full)
    assert getattr(result, first) == result[first]


def test_result_by_key_and_attribute(svc: Client, server: ScriptedServer) -> None:
    server.script(
        Reply(body={"Websocket": {"Url": "wss://x", "ConnectionExpiry": "2019-11-25T21:56:46.045Z"}})
    )
    resp = svc.create_participant_connection(Type=["WEBSOCKET"], ParticipantToken="t")
    assert resp["Websocket"]["Url"] == "wss://x"
    assert resp.Websocket.Url == "wss://x"
    assert len(resp.ConnectionCredentials.ConnectionToken) == 0
    assert not resp.ConnectionCredentials.ConnectionToken


# ---- tokens never shown -------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["default", "requests"])
def test_canary_token_never_shown(
    server: ScriptedServer, caplog: pytest.LogCaptureFixture, kind: str
) -> None:
    caplog.set_level(logging.DEBUG)
    transport = RequestsTransport() if kind == "requests" else None
    svc = paws_compat.connectparticipant(
        config={"endpoint": server.url, "max_retries": 2}, transport=transport
    )
    shown: list[str] = [repr(svc), repr(svc.config)]
    server.script(
        Reply(status=500, body={"message": "oops"}),
        Reply(
            body={
                "ConnectionCredentials": {"ConnectionToken": CANARY, "Expiry": "2019-11-25T21:56:46.045Z"},
                "Websocket": {"Url": f"wss://x/connect?AuthToken={CANARY}"},
            }
        ),
    )
    resp = svc.create_participant_connection(Type=["WEBSOCKET"], ParticipantToken=CANARY)
    assert resp.ConnectionCredentials.ConnectionToken == CANARY  # the value itself is there to use
    shown += [repr(resp), repr(resp.ConnectionCredentials), resp.str() if hasattr(resp, "str") else ""]
    for bad in (
        {"ParticipantToken": CANARY * 40},  # too long: the error must not quote it
        {"ParticipantToken": CANARY, "Type": [CANARY]},
    ):
        with pytest.raises(ParamValidationError) as caught:
            svc.create_participant_connection(**bad)
        shown += [str(caught.value), repr(caught.value)]
    server.script(error_reply("AccessDeniedException", 403, "denied"))
    with pytest.raises(ServiceError) as service_error:
        svc.describe_view(ViewToken=CANARY, ConnectionToken=CANARY)
    shown += [str(service_error.value), repr(service_error.value)]
    dead_transport = RequestsTransport() if kind == "requests" else None
    dead = paws_compat.connectparticipant(
        config={"endpoint": "http://127.0.0.1:9", "max_retries": 2}, transport=dead_transport
    )
    with pytest.raises(ConnectionError) as transport_error:
        dead.describe_view(ViewToken=CANARY, ConnectionToken=CANARY)
    shown += [str(transport_error.value), repr(transport_error.value)]
    cause: BaseException | None = transport_error.value.__cause__
    while cause is not None:
        shown.append(str(cause))
        cause = cause.__cause__
    shown += [record.getMessage() for record in caplog.records]
    for text in shown:
        assert CANARY not in text, text
    assert re.search("attempt 1 of 2", "\n".join(r.getMessage() for r in caplog.records))


# ---- odd bodies, property-based -----------------------------------------------------------------

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=20,
)
OUTPUT_KEYS = sorted({name for op in OPERATIONS if op.output for name in op.output.members})
SHAPED_BODIES = st.dictionaries(st.sampled_from([*OUTPUT_KEYS, "Other"]), JSON_VALUES, max_size=5)
BODIES = st.one_of(
    st.binary(max_size=64),
    JSON_VALUES.map(lambda v: json.dumps(v).encode()),
    SHAPED_BODIES.map(lambda v: json.dumps(v).encode()),
)
PROPERTY_SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@PROPERTY_SETTINGS
@given(op=st.sampled_from(OPERATIONS), body=BODIES)
def test_any_success_body_gives_a_record_or_a_parse_error(
    server: ScriptedServer, op: Operation, body: bytes
) -> None:
    server.reset()
    server.script(Reply(body=body))
    svc = paws_compat.connectparticipant(config={"endpoint": server.url, "max_retries": 1})
    try:
        result = getattr(svc, op.method_name)(**arguments(op))
    except ResponseParseError:
        return
    assert list(result) == list(op.output.members if op.output else [])
    json.dumps(result.to_dict())


@PROPERTY_SETTINGS
@given(
    status=st.sampled_from([400, 402, 403, 404, 409, 418, 429, 500, 502, 503, 504]),
    body=BODIES,
    error_type=st.one_of(st.none(), st.text(st.characters(min_codepoint=33, max_codepoint=126), max_size=30)),
)
def test_any_error_response_gives_a_service_error(
    server: ScriptedServer, status: int, body: bytes, error_type: str | None
) -> None:
    server.reset()
    headers = {"x-amzn-ErrorType": error_type} if error_type else {}
    server.script(Reply(status=status, body=body, headers=headers))
    svc = paws_compat.connectparticipant(config={"endpoint": server.url, "max_retries": 1})
    with pytest.raises(ServiceError) as caught:
        svc.disconnect_participant(ConnectionToken="t")
    assert caught.value.status_code == status
    # paws prints an empty code when the response named none (code then falls back to the status)
    shown = "" if caught.value.code == str(status) else caught.value.code
    assert str(caught.value).startswith(f"{shown} (HTTP {status}). ")


def test_package_surface_in_a_fresh_process() -> None:
    """`import paws_compat` gives the whole public surface, and loads nothing it does not need."""
    script = (
        "import sys, paws_compat\n"
        "assert 'requests' not in sys.modules and 'paws_compat._client' not in sys.modules\n"
        "assert issubclass(paws_compat.errors.AccessDeniedException, paws_compat.ServiceError)\n"
        "assert paws_compat.Client.__name__ == 'Client' and paws_compat.Record.__name__ == 'Record'\n"
        "assert paws_compat.Config().max_retries == 3\n"
        "assert 'requests' in sys.modules  # the client's network: requests carries every byte\n"
        "assert all(hasattr(paws_compat, name) for name in paws_compat.__all__)\n"
        "assert issubclass(paws_compat.RequestsTransport, paws_compat.Transport)\n"
        "print(paws_compat.__version__)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, env=CLEAN_ENV
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == paws_compat.__version__


def test_call_json_gives_the_reply_the_model_refuses(svc: Client, server: ScriptedServer) -> None:
    # For readers that keep what fits of a reply (a chat's gap fill): same request, no model fit.
    page = {"Transcript": [{"Id": "a", "Content": {"card": 1}}], "NextToken": "n"}
    server.script(Reply(body=page), Reply(body=page))
    with pytest.raises(ResponseParseError):
        svc.get_transcript(ConnectionToken="t")
    assert svc._call_json("get_transcript", {"ConnectionToken": "t"}) == page
    assert server.last.header("X-Amz-Bearer") == "t"
    assert server.requests[0].path == server.requests[1].path == "/participant/transcript"

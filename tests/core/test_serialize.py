"""Requests as wire.md gives them, and as botocore's own rest-json serializer makes them."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from urllib.parse import unquote

import botocore.session
import pytest
from botocore.serialize import create_serializer
from hypothesis import given, settings
from hypothesis import strategies as st

from paws_compat._model import Operation, ServiceModel, load_model
from paws_compat._serialize import CONTENT_TYPE, Request, serialize_request
from paws_compat._validate import fill_idempotency_tokens, prepare_input
from tests.core.conftest import CANARY
from tests.core.samples import arguments

MODEL = load_model("connectparticipant")
OPERATIONS = sorted(MODEL.operations.values(), key=lambda op: op.name)
OP = MODEL.operations
BOTOCORE = botocore.session.get_session().get_service_model("connectparticipant")
BOTO_SERIALIZER = create_serializer("rest-json", include_validation=False)


def prepared(op: Operation, kwargs: dict[str, Any]) -> dict[str, Any]:
    return fill_idempotency_tokens(op, prepare_input(op, kwargs))


@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: op.name)
def test_every_operation_as_botocore_serializes_it(op: Operation) -> None:
    params = prepared(op, arguments(op, token=CANARY))
    ours = serialize_request(op, params)
    theirs = BOTO_SERIALIZER.serialize_to_request(dict(params), BOTOCORE.operation_model(op.name))
    assert ours.method == theirs["method"]
    assert ours.path == theirs["url_path"]
    assert theirs["query_string"] == {}
    assert ours.headers["X-Amz-Bearer"] == theirs["headers"]["X-Amz-Bearer"] == CANARY
    assert ours.headers["Content-Type"] == CONTENT_TYPE
    if theirs["body"]:
        assert json.loads(ours.body) == json.loads(theirs["body"])
    else:
        assert ours.body == b""


@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: op.name)
def test_body_is_compact_json_in_model_order(op: Operation) -> None:
    params = prepared(op, dict(reversed(list(arguments(op).items()))))
    body_names = [n for n, m in op.input_members.items() if m.location is None]
    request = serialize_request(op, params)
    if body_names:
        expected = {n: params[n] for n in body_names if n in params}
        assert request.body == json.dumps(expected, separators=(",", ":"), ensure_ascii=False).encode()
        assert list(json.loads(request.body)) == body_names
    else:
        assert request.body == b""


def test_create_participant_connection_exactly_as_wire_md_shows() -> None:
    op = OP["CreateParticipantConnection"]
    request = serialize_request(
        op,
        prepare_input(
            op,
            {
                "ConnectParticipant": True,
                "ParticipantToken": "tok",
                "Type": ("WEBSOCKET", "CONNECTION_CREDENTIALS"),
            },
        ),
    )
    assert request == Request(
        "POST",
        "/participant/connection",
        {"Content-Type": "application/json", "X-Amz-Bearer": "tok"},
        b'{"Type":["WEBSOCKET","CONNECTION_CREDENTIALS"],"ConnectParticipant":true}',
    )


def test_no_body_member_given_sends_an_empty_object() -> None:
    request = serialize_request(OP["DisconnectParticipant"], {"ConnectionToken": "t"})
    assert request.body == b"{}"
    request = serialize_request(OP["GetTranscript"], {"ConnectionToken": "t"})
    assert request.body == b"{}"


def test_false_is_sent_and_unicode_is_utf8() -> None:
    op = OP["SendMessage"]
    request = serialize_request(
        op,
        {"ContentType": "text/plain", "Content": 'héllo ☃ "q"', "ClientToken": "c", "ConnectionToken": "t"},
    )
    assert (
        request.body == '{"ContentType":"text/plain","Content":"héllo ☃ \\"q\\"","ClientToken":"c"}'.encode()
    )
    connection = serialize_request(
        OP["CreateParticipantConnection"], {"ParticipantToken": "t", "ConnectParticipant": False}
    )
    assert connection.body == b'{"ConnectParticipant":false}'


@pytest.mark.parametrize(
    ("token", "path"),
    [
        ("a/b c?d#e%f", "/participant/views/a%2Fb%20c%3Fd%23e%25f"),
        ("plain-token_1.2~x", "/participant/views/plain-token_1.2~x"),
        ("é☃", "/participant/views/%C3%A9%E2%98%83"),
        ("+=&", "/participant/views/%2B%3D%26"),
    ],
)
def test_path_members_are_uri_encoded(token: str, path: str) -> None:
    op = OP["DescribeView"]
    request = serialize_request(op, {"ViewToken": token, "ConnectionToken": "t"})
    assert request.path == path
    assert request.method == "GET"
    theirs = BOTO_SERIALIZER.serialize_to_request(
        {"ViewToken": token, "ConnectionToken": "t"}, BOTOCORE.operation_model("DescribeView")
    )
    assert request.path == theirs["url_path"]


def test_a_missing_path_member_is_a_validation_error() -> None:
    from paws_compat.errors import ParamValidationError

    with pytest.raises(ParamValidationError, match="ViewToken: is missing"):
        serialize_request(OP["DescribeView"], {"ConnectionToken": "t"})


def test_repr_shows_no_token() -> None:
    request = serialize_request(OP["DescribeView"], {"ViewToken": CANARY, "ConnectionToken": CANARY})
    shown = repr(request)
    assert CANARY not in shown
    assert "/participant/views/***" in shown
    assert "'X-Amz-Bearer': '***'" in shown
    assert request.path == f"/participant/views/{CANARY}"
    connection = serialize_request(
        OP["CreateParticipantConnection"], {"ParticipantToken": CANARY, "Type": ["WEBSOCKET"]}
    )
    assert CANARY not in repr(connection)
    assert "body=<22 bytes>" in repr(connection)


def test_request_is_immutable() -> None:
    request = serialize_request(OP["DisconnectParticipant"], {"ConnectionToken": "t"})
    with pytest.raises(AttributeError):
        request.path = "/elsewhere"  # type: ignore[misc]


# A small model with what the real ones lack: query strings, greedy labels, timestamps, blobs.
SYNTHETIC = ServiceModel(
    {
        "metadata": {"serviceId": "Synthetic", "endpointPrefix": "synthetic"},
        "operations": {
            "PutThing": {
                "http": {"method": "PUT", "requestUri": "/things/{Name}/{Key+}?fixed=1"},
                "input": "PutThingRequest",
            },
        },
        "shapes": {
            "PutThingRequest": {
                "type": "structure",
                "required": ["Name", "Key"],
                "members": {
                    "Name": {"shape": "Str", "location": "uri", "locationName": "Name"},
                    "Key": {"shape": "Str", "location": "uri", "locationName": "Key"},
                    "Tags": {"shape": "StrList", "location": "querystring", "locationName": "tag"},
                    "Limit": {"shape": "Int", "location": "querystring", "locationName": "limit"},
                    "Flag": {"shape": "Bool", "location": "header", "locationName": "X-Flag"},
                    "When": {"shape": "Time"},
                    "Data": {"shape": "Data"},
                    "Inner": {"shape": "Inner"},
                },
            },
            "Inner": {"type": "structure", "members": {"At": {"shape": "Time"}, "Raw": {"shape": "Data"}}},
            "Str": {"type": "string"},
            "StrList": {"type": "list", "member": {"shape": "Str"}},
            "Int": {"type": "integer"},
            "Bool": {"type": "boolean"},
            "Time": {"type": "timestamp"},
            "Data": {"type": "blob"},
        },
    }
)


def test_query_strings_greedy_labels_timestamps_and_blobs() -> None:
    op = SYNTHETIC.operations["PutThing"]
    moment = dt.datetime(2020, 1, 2, 3, 4, 5, 500000, tzinfo=dt.timezone.utc)
    params = prepare_input(
        op,
        {
            "Name": "a b",
            "Key": "dir/file name",
            "Tags": ["x y", "z&"],
            "Limit": 5,
            "Flag": False,
            "When": moment,
            "Data": b"\x00\xff",
            "Inner": {"At": moment, "Raw": b"hi"},
        },
    )
    request = serialize_request(op, params)
    assert request.method == "PUT"
    assert request.path == "/things/a%20b/dir/file%20name?fixed=1&tag=x%20y&tag=z%26&limit=5"
    assert request.headers == {"Content-Type": "application/json", "X-Flag": "false"}
    assert json.loads(request.body) == {
        "When": 1577934245.5,
        "Data": "AP8=",
        "Inner": {"At": 1577934245.5, "Raw": "aGk="},
    }
    assert "/things/***/***?" in repr(request)


# ---- property-based -----------------------------------------------------------------------------

TEXT = st.text(st.characters(codec="utf-8"), min_size=1, max_size=40)


@settings(max_examples=200, deadline=None)
@given(
    view_token=TEXT,
    content=TEXT,
    content_type=st.text(st.characters(codec="utf-8"), min_size=1, max_size=20),
)
def test_any_valid_input_decodes_back(view_token: str, content: str, content_type: str) -> None:
    view = serialize_request(OP["DescribeView"], {"ViewToken": view_token, "ConnectionToken": "t"})
    assert view.path.startswith("/participant/views/")
    segment = view.path.removeprefix("/participant/views/")
    assert "/" not in segment and "?" not in segment and "#" not in segment
    assert unquote(segment) == view_token
    op = OP["SendMessage"]
    params = prepared(op, {"ContentType": content_type, "Content": content, "ConnectionToken": "t"})
    message = serialize_request(op, params)
    assert json.loads(message.body.decode("utf-8")) == {
        "ContentType": content_type,
        "Content": content,
        "ClientToken": params["ClientToken"],
    }

"""The emulator's input checks, compiled from the model: AWS-style messages that name every problem."""

from __future__ import annotations

import json
import socket
from typing import Any

import pytest

from paws_compat._model import load_model
from paws_compat.emulator import ChatPair, Emulator
from paws_compat.emulator._validation import InputValidator, describe

PARTICIPANT = load_model("connectparticipant")
CONNECT = load_model("connect")
TOKEN = {"ConnectionToken": "t"}


def problems(operation: str, body: object, located: dict[str, str | None] | None = None) -> list[str]:
    model = CONNECT if operation in CONNECT.operations else PARTICIPANT
    return InputValidator(model.operations[operation]).problems(body, TOKEN if located is None else located)


@pytest.mark.parametrize(
    "operation", [*PARTICIPANT.operations.values(), *CONNECT.operations.values()], ids=lambda op: op.name
)
def test_every_operation_compiles_and_accepts_its_minimal_input(operation: object) -> None:
    validator = InputValidator(operation)  # type: ignore[arg-type]
    assert isinstance(validator.problems({}, {}), list)


def test_all_missing_members_are_reported_at_once() -> None:
    found = problems("SendMessage", {}, {})
    assert describe(found).startswith("3 validation errors detected: ")
    assert {p.split("'")[1] for p in found} == {"ConnectionToken", "ContentType", "Content"}


def test_one_problem_is_singular() -> None:
    assert describe(["x"]) == "1 validation error detected: x"


@pytest.mark.parametrize(
    ("operation", "body", "fragment"),
    [
        (
            "SendMessage",
            {"ContentType": 5, "Content": "x"},
            "at 'ContentType' failed to satisfy constraint: Member must be a string",
        ),
        ("SendMessage", {"ContentType": "text/plain", "Content": ""}, "length greater than or equal to 1"),
        ("SendMessage", {"ContentType": "text/plain", "Content": "x" * 16385}, "less than or equal to 16384"),
        ("GetTranscript", {"MaxResults": True}, "Member must be an integer"),
        ("GetTranscript", {"MaxResults": 1.5}, "Member must be an integer"),
        ("GetTranscript", {"MaxResults": 101}, "value less than or equal to 100"),
        ("GetTranscript", {"StartPosition": {"MostRecent": -1}}, "'StartPosition.MostRecent'"),
        ("GetTranscript", {"StartPosition": []}, "Member must be a structure"),
        ("GetTranscript", {"SortOrder": "UP"}, "enum value set: [DESCENDING, ASCENDING]"),
        ("CreateParticipantConnection", {"Type": ["WEBSOCKET", "SMOKE"]}, "'Type.2'"),
        ("CreateParticipantConnection", {"Type": []}, "length greater than or equal to 1"),
        ("CreateParticipantConnection", {"Type": "WEBSOCKET"}, "Member must be a list"),
        ("CreateParticipantConnection", {"ConnectParticipant": "yes"}, "Member must be a boolean"),
        (
            "CompleteAttachmentUpload",
            {"AttachmentIds": ["a", "b"], "ClientToken": "c"},
            "less than or equal to 1",
        ),
        (
            "StartAttachmentUpload",
            {
                "ContentType": "text/plain",
                "AttachmentSizeInBytes": 0,
                "AttachmentName": "a",
                "ClientToken": "c",
            },
            "greater than or equal to 1",
        ),
        (
            "StartChatContact",
            {
                "InstanceId": "i",
                "ContactFlowId": "f",
                "ParticipantDetails": {"DisplayName": "C"},
                "Attributes": {"": "v"},
            },
            "'Attributes.key'",
        ),
        (
            "StartChatContact",
            {"InstanceId": "i", "ContactFlowId": "f", "ParticipantDetails": {}, "ChatDurationInMinutes": 59},
            "'ParticipantDetails.DisplayName'",
        ),
        (
            "StartChatContact",
            {
                "InstanceId": "i",
                "ContactFlowId": "f",
                "ParticipantDetails": {"DisplayName": "C"},
                "ChatDurationInMinutes": 59,
            },
            "greater than or equal to 60",
        ),
    ],
)
def test_messages_name_the_member_and_the_constraint(operation: str, body: object, fragment: str) -> None:
    found = problems(operation, body)
    assert any(fragment in p for p in found), found


def test_a_body_that_is_not_an_object() -> None:
    assert problems("SendMessage", ["not", "an", "object"]) == [
        "Value at 'body' failed to satisfy constraint: Member must be a structure (a JSON object)"
    ]


def test_secrets_are_never_quoted() -> None:
    secret = "s" * 1001
    found = problems("GetTranscript", {}, {"ConnectionToken": secret})
    assert found and all(secret[:20] not in p for p in found)
    assert found[0].startswith("Value at 'ConnectionToken'")


def test_long_values_are_cut_when_quoted() -> None:
    found = problems("SendMessage", {"ContentType": "y" * 101, "Content": "x"})
    assert found and len(found[0]) < 250 and "..." in found[0]


def test_a_valid_request_has_no_problems() -> None:
    assert (
        problems("SendMessage", {"ContentType": "text/plain", "Content": "hello", "ClientToken": "c"}) == []
    )
    assert (
        problems(
            "GetTranscript", {"StartPosition": {"Id": "x"}, "MaxResults": 100, "ScanDirection": "FORWARD"}
        )
        == []
    )


def _timers(*values: dict[str, Any]) -> dict[str, Any]:
    """UpdateParticipantRoleConfig's body: ChannelConfiguration and TimerValue are the model's unions."""
    return {
        "ChannelConfiguration": {
            "Chat": {
                "ParticipantTimerConfigList": [
                    {"ParticipantRole": "CUSTOMER", "TimerType": "IDLE", "TimerValue": value}
                    for value in values
                ]
            }
        }
    }


ROLE_CONFIG = {"InstanceId": "i", "ContactId": "c"}
TIMER = "ChannelConfiguration.Chat.ParticipantTimerConfigList"


@pytest.mark.parametrize(
    ("body", "where", "count"),
    [
        ({"ChannelConfiguration": {}}, "ChannelConfiguration", 0),
        ({"ChannelConfiguration": {"Chat": None}}, "ChannelConfiguration", 0),  # a null is not set
        (_timers({}), f"{TIMER}.1.TimerValue", 0),
        (
            _timers(
                {"ParticipantTimerDurationInMinutes": 5},
                {"ParticipantTimerAction": "Unset", "ParticipantTimerDurationInMinutes": 5},
            ),
            f"{TIMER}.2.TimerValue",
            2,
        ),
    ],
)
def test_a_union_needs_exactly_one_member(body: dict[str, Any], where: str, count: int) -> None:
    found = problems("UpdateParticipantRoleConfig", body, ROLE_CONFIG)
    assert len(found) == 1, found
    assert found[0].startswith(
        f"Value at '{where}' failed to satisfy constraint: Member must have exactly one"
    )
    assert found[0].endswith(f"; {count} set")


def test_a_union_with_one_member_set_passes() -> None:
    body = _timers({"ParticipantTimerDurationInMinutes": 5}, {"ParticipantTimerAction": "Unset"})
    assert problems("UpdateParticipantRoleConfig", body, ROLE_CONFIG) == []


# A SigV4 Authorization of the right form (the emulator verifies signatures only of registered keys).
SIGNED = (
    "X-Amz-Date: 20260101T000000Z\r\n"
    "Authorization: AWS4-HMAC-SHA256 Credential=AKIDTEST/20260101/us-east-1/connect/aws4_request, "
    "SignedHeaders=host;x-amz-date, Signature=" + "0" * 64 + "\r\n"
)


def _raw_put(emulator: Emulator, path: str, body: dict[str, Any]) -> tuple[int, dict[str, str], Any]:
    """One HTTP/1.1 request written by hand on a socket (no client and its checks in the way)."""
    data = json.dumps(body).encode()
    head = (
        f"PUT {path} HTTP/1.1\r\nHost: 127.0.0.1:{emulator.port}\r\nContent-Type: application/json\r\n"
        f"{SIGNED}Content-Length: {len(data)}\r\nConnection: close\r\n\r\n"
    )
    with socket.create_connection(("127.0.0.1", emulator.port), timeout=10) as sock:
        sock.sendall(head.encode() + data)
        received = b""
        while chunk := sock.recv(65536):
            received += chunk
    header_text, _, payload = received.partition(b"\r\n\r\n")
    status_line, *lines = header_text.decode().split("\r\n")
    headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines)}
    return int(status_line.split()[1]), headers, json.loads(payload) if payload else None


@pytest.mark.parametrize(
    ("body", "where"),
    [
        ({"ChannelConfiguration": {}}, "ChannelConfiguration"),
        (
            _timers({"ParticipantTimerAction": "Unset", "ParticipantTimerDurationInMinutes": 5}),
            f"{TIMER}.1.TimerValue",
        ),
    ],
)
def test_the_emulator_refuses_a_union_without_exactly_one_member_on_the_wire(
    paws_emulator: Emulator, paws_chat: ChatPair, body: dict[str, Any], where: str
) -> None:
    path = f"/contact/participant-role-config/{paws_chat.instance_id}/{paws_chat.contact_id}"
    status, headers, answer = _raw_put(paws_emulator, path, body)
    assert status == 400
    assert headers["x-amzn-errortype"].startswith("InvalidParameterException")  # the operation's error list
    assert answer["message"].startswith("1 validation error detected: ")
    assert (
        f"Value at '{where}' failed to satisfy constraint: Member must have exactly one" in answer["message"]
    )
    fine = _raw_put(paws_emulator, path, _timers({"ParticipantTimerDurationInMinutes": 5}))
    assert fine[0] == 200, fine

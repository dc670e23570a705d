"""The emulator's input checks, compiled from the model: AWS-style messages that name every problem."""

from __future__ import annotations

import pytest

from paws_compat._model import load_model
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

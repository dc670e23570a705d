"""SendMessage holds messages to the service's feature limits (websocket.md: "Messages up to 1,024
characters (12,000 for application/json) in the service's feature limits; the API model allows
16,384"), not only to the model's 16,384; over the limit is a ValidationException naming Content
and the limit, and nothing reaches the transcript."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from botocore.exceptions import ClientError

import paws_compat
from paws_compat import errors
from paws_compat.emulator import ChatPair, Emulator
from tests.emulator.conftest import participant_client

INTERACTIVE_RESPONSE = "application/vnd.amazonaws.connect.message.interactive.response"


def json_of_length(length: int) -> str:
    text = json.dumps({"a": "x" * (length - 9)})
    assert len(text) == length
    return text


def content(content_type: str, length: int) -> str:
    return "x" * length if content_type.startswith("text/") else json_of_length(length)


def messages(emulator: Emulator, chat: ChatPair) -> list[Any]:
    return [item.get("Content") for item in emulator.transcript(chat.contact_id) if item["Type"] == "MESSAGE"]


@pytest.mark.parametrize(
    ("content_type", "limit"),
    [
        ("text/plain", 1024),
        ("text/markdown", 1024),
        ("application/json", 12000),
        (INTERACTIVE_RESPONSE, 12288),
    ],
)
def test_boto3_message_at_the_limit_is_accepted_one_more_character_is_refused(
    participant: Any,
    tokens: tuple[str, str],
    paws_emulator: Emulator,
    paws_chat: ChatPair,
    content_type: str,
    limit: int,
) -> None:
    at_limit = content(content_type, limit)
    sent = participant.send_message(ConnectionToken=tokens[0], ContentType=content_type, Content=at_limit)
    assert sent["Id"]
    too_long = content(content_type, limit + 1)
    with pytest.raises(ClientError) as caught:
        participant.send_message(ConnectionToken=tokens[0], ContentType=content_type, Content=too_long)
    error = caught.value.response["Error"]
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert error["Code"] == "ValidationException"
    assert "Content" in error["Message"] and f"at most {limit} characters" in error["Message"]
    assert messages(paws_emulator, paws_chat) == [at_limit]


def test_our_client_gets_a_typed_validation_error(
    paws_emulator: Emulator, paws_chat: ChatPair, connection_token: Callable[[str], str]
) -> None:
    ours = paws_compat.connectparticipant(
        endpoint=paws_emulator.endpoint, region="us-east-1", config={"max_retries": 0, "allow_http": True}
    )
    token = connection_token(paws_chat.agent.participant_token)
    with pytest.raises(errors.ValidationException) as caught:
        ours.send_message(ConnectionToken=token, ContentType="text/plain", Content="é" * 1025)
    assert "Content has 1025 characters" in str(caught.value)
    assert "1024" in str(caught.value)
    # Characters, not bytes: 1,024 two-byte characters are one message.
    ours.send_message(ConnectionToken=token, ContentType="text/plain", Content="é" * 1024)
    assert messages(paws_emulator, paws_chat) == ["é" * 1024]


def test_limits_are_a_setting(paws_emulator_factory: Callable[..., Emulator]) -> None:
    emulator = paws_emulator_factory(message_limits={"text/plain": 16384})
    chat = emulator.start_chat()
    client = participant_client(emulator)
    token = client.create_participant_connection(
        ParticipantToken=chat.participant_token, Type=["CONNECTION_CREDENTIALS"]
    )["ConnectionCredentials"]["ConnectionToken"]
    client.send_message(ConnectionToken=token, ContentType="text/plain", Content="x" * 16384)
    with pytest.raises(ClientError) as caught:
        client.send_message(
            ConnectionToken=token, ContentType="application/json", Content=json_of_length(12001)
        )
    assert "at most 12000 characters" in caught.value.response["Error"]["Message"]

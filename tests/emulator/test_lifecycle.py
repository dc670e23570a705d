"""Tokens, lifetimes and idempotency: what makes a chat end, what answers 403, what is never doubled."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from paws_compat.emulator import ChatPair, Emulator
from tests.emulator.conftest import connect_client, participant_client


def messages(emulator: Emulator, contact_id: str) -> list[dict[str, Any]]:
    return [i for i in emulator.transcript(contact_id) if i["Type"] == "MESSAGE"]


def test_same_client_token_same_message(
    participant: Any, tokens: tuple[str, str], paws_emulator: Emulator, paws_chat: ChatPair
) -> None:
    first = participant.send_message(
        ConnectionToken=tokens[0], ContentType="text/plain", Content="once", ClientToken="retry-me"
    )
    again = participant.send_message(
        ConnectionToken=tokens[0], ContentType="text/plain", Content="once", ClientToken="retry-me"
    )
    assert (first["Id"], first["AbsoluteTime"]) == (again["Id"], again["AbsoluteTime"])
    assert len(messages(paws_emulator, paws_chat.contact_id)) == 1


def test_client_tokens_are_per_participant(participant: Any, tokens: tuple[str, str]) -> None:
    ids = {
        participant.send_message(
            ConnectionToken=token, ContentType="text/plain", Content="x", ClientToken="shared"
        )["Id"]
        for token in tokens
    }
    assert len(ids) == 2


def test_same_client_token_same_event(participant: Any, tokens: tuple[str, str]) -> None:
    typing = "application/vnd.amazonaws.connect.event.typing"
    first = participant.send_event(ConnectionToken=tokens[0], ContentType=typing, ClientToken="e1")
    again = participant.send_event(ConnectionToken=tokens[0], ContentType=typing, ClientToken="e1")
    assert first["Id"] == again["Id"]


def test_disconnect_retry_succeeds_and_other_calls_are_refused(
    participant: Any, tokens: tuple[str, str]
) -> None:
    participant.disconnect_participant(ConnectionToken=tokens[1], ClientToken="bye")
    participant.disconnect_participant(ConnectionToken=tokens[1], ClientToken="bye")
    with pytest.raises(participant.exceptions.AccessDeniedException):
        participant.disconnect_participant(ConnectionToken=tokens[1], ClientToken="another")
    with pytest.raises(participant.exceptions.AccessDeniedException):
        participant.get_transcript(ConnectionToken=tokens[1])


def test_start_chat_is_idempotent_by_client_token(connect: Any) -> None:
    kwargs = {
        "InstanceId": "idem",
        "ContactFlowId": "f",
        "ParticipantDetails": {"DisplayName": "C"},
        "ClientToken": "start-once",
    }
    first, again = connect.start_chat_contact(**kwargs), connect.start_chat_contact(**kwargs)
    assert (first["ContactId"], first["ParticipantToken"]) == (again["ContactId"], again["ParticipantToken"])


def test_create_participant_is_idempotent_by_client_token(
    connect: Any, paws_chat: ChatPair, paws_emulator: Emulator
) -> None:
    kwargs = {
        "InstanceId": paws_chat.instance_id,
        "ContactId": paws_chat.contact_id,
        "ClientToken": "bot-once",
        "ParticipantDetails": {"ParticipantRole": "CUSTOM_BOT", "DisplayName": "Bot"},
    }
    first, again = connect.create_participant(**kwargs), connect.create_participant(**kwargs)
    assert first["ParticipantId"] == again["ParticipantId"]
    assert len(paws_emulator.chat_state(paws_chat.contact_id)["Participants"]) == 3


def test_stop_contact_refuses_every_token(
    connect: Any, participant: Any, paws_chat: ChatPair, tokens: tuple[str, str]
) -> None:
    connect.stop_contact(
        InstanceId=paws_chat.instance_id,
        ContactId=paws_chat.contact_id,
        DisconnectReason={"Code": "AGENT_HUNG_UP"},
    )
    for token in tokens:
        with pytest.raises(participant.exceptions.AccessDeniedException):
            participant.get_transcript(ConnectionToken=token)
    with pytest.raises(participant.exceptions.AccessDeniedException):
        participant.create_participant_connection(
            ParticipantToken=paws_chat.customer.participant_token, Type=["CONNECTION_CREDENTIALS"]
        )
    described = connect.describe_contact(InstanceId=paws_chat.instance_id, ContactId=paws_chat.contact_id)
    assert described["Contact"]["DisconnectReason"] == "AGENT_HUNG_UP"
    assert "DisconnectTimestamp" in described["Contact"]


def test_instances_are_isolated(connect: Any, paws_chat: ChatPair) -> None:
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        connect.describe_contact(InstanceId="another-instance", ContactId=paws_chat.contact_id)


def test_describe_contact_shows_a_chat(connect: Any, paws_chat: ChatPair) -> None:
    contact = connect.describe_contact(InstanceId=paws_chat.instance_id, ContactId=paws_chat.contact_id)[
        "Contact"
    ]
    assert (contact["Id"], contact["Channel"], contact["InitiationMethod"]) == (
        paws_chat.contact_id,
        "CHAT",
        "API",
    )
    assert contact["AgentInfo"]["Id"] == paws_chat.agent.participant_id
    assert "DisconnectTimestamp" not in contact


def test_start_chat_returns_the_customer_and_honours_attributes(
    connect: Any, paws_emulator: Emulator
) -> None:
    started = connect.start_chat_contact(
        InstanceId="attrs",
        ContactFlowId="f",
        ParticipantDetails={"DisplayName": "Ann"},
        Attributes={"tier": "gold"},
        InitialMessage={"ContentType": "text/plain", "Content": "first words"},
        ChatDurationInMinutes=60,
    )
    contact = connect.describe_contact(InstanceId="attrs", ContactId=started["ContactId"])["Contact"]
    assert contact["Attributes"] == {"tier": "gold"}
    first = messages(paws_emulator, started["ContactId"])[0]
    assert (first["Content"], first["DisplayName"], first["ParticipantId"]) == (
        "first words",
        "Ann",
        started["ParticipantId"],
    )


def test_create_participant_expiry_is_the_chat_end(connect: Any, paws_chat: ChatPair) -> None:
    answer = connect.create_participant(
        InstanceId=paws_chat.instance_id,
        ContactId=paws_chat.contact_id,
        ParticipantDetails={"ParticipantRole": "CUSTOM_BOT", "DisplayName": "S"},
    )
    assert answer["ParticipantCredentials"]["Expiry"].endswith("Z")


@pytest.mark.parametrize("role", ["AGENT", "SUPERVISOR", None])
def test_create_participant_through_the_api_takes_only_a_custom_bot(
    connect: Any, paws_emulator: Emulator, paws_chat: ChatPair, role: str | None
) -> None:
    details = {"DisplayName": "A"} if role is None else {"ParticipantRole": role, "DisplayName": "A"}
    with pytest.raises(connect.exceptions.InvalidRequestException) as refused:
        connect.create_participant(
            InstanceId=paws_chat.instance_id, ContactId=paws_chat.contact_id, ParticipantDetails=details
        )
    assert "CUSTOM_BOT" in str(refused.value)
    # The contact control panel (the emulator's own API) still adds agents and supervisors.
    added = paws_emulator.add_participant(paws_chat.contact_id, role=role or "AGENT")
    assert added.role == (role or "AGENT")


def test_connection_token_expires(paws_emulator_factory: Callable[..., Emulator]) -> None:
    emulator = paws_emulator_factory(connection_token_seconds=0)
    client = participant_client(emulator)
    chat = emulator.start_chat()
    credentials = client.create_participant_connection(
        ParticipantToken=chat.participant_token, Type=["CONNECTION_CREDENTIALS"]
    )["ConnectionCredentials"]
    with pytest.raises(client.exceptions.AccessDeniedException):
        client.get_transcript(ConnectionToken=credentials["ConnectionToken"])
    renewed = client.create_participant_connection(
        ParticipantToken=chat.participant_token, Type=["CONNECTION_CREDENTIALS"]
    )["ConnectionCredentials"]
    assert renewed["ConnectionToken"] != credentials["ConnectionToken"]


def test_chat_ends_after_its_duration(paws_emulator_factory: Callable[..., Emulator]) -> None:
    emulator = paws_emulator_factory(chat_duration_minutes=0.001)
    chat = emulator.start_chat()
    for _ in range(200):
        if not emulator.chat_state(chat.contact_id)["Active"]:
            break
        connect_client(emulator).describe_contact(InstanceId=chat.instance_id, ContactId=chat.contact_id)
    state = emulator.chat_state(chat.contact_id)
    assert state["Active"] is False and state["DisconnectReason"] == "EXPIRED"


def test_create_participant_connection_needs_a_type_or_connect(participant: Any, paws_chat: ChatPair) -> None:
    with pytest.raises(participant.exceptions.ValidationException):
        participant.create_participant_connection(ParticipantToken=paws_chat.customer.participant_token)
    answer = participant.create_participant_connection(
        ParticipantToken=paws_chat.customer.participant_token, ConnectParticipant=True
    )
    assert set(answer) == {"ResponseMetadata"}


@pytest.mark.parametrize(
    ("content_type", "content", "fragment"),
    [
        ("image/png", "x", "not supported for messages"),
        ("application/json", "{not json", "valid JSON"),
    ],
)
def test_message_content_types(
    participant: Any, tokens: tuple[str, str], content_type: str, content: str, fragment: str
) -> None:
    with pytest.raises(participant.exceptions.ValidationException, match=fragment):
        participant.send_message(ConnectionToken=tokens[0], ContentType=content_type, Content=content)


@pytest.mark.parametrize(
    ("content_type", "content", "fragment"),
    [
        ("text/plain", None, "not an event type"),
        ("application/vnd.amazonaws.connect.event.message.read", "{}", "messageId"),
        ("application/vnd.amazonaws.connect.event.message.read", '{"messageId": "nope"}', "not a message"),
    ],
)
def test_event_content_checks(
    participant: Any, tokens: tuple[str, str], content_type: str, content: str | None, fragment: str
) -> None:
    kwargs = {"Content": content} if content is not None else {}
    with pytest.raises(participant.exceptions.ValidationException, match=fragment):
        participant.send_event(ConnectionToken=tokens[0], ContentType=content_type, **kwargs)


def test_supported_messaging_content_types_limit_messages(
    connect: Any, participant: Any, connection_token: Any
) -> None:
    started = connect.start_chat_contact(
        InstanceId="types",
        ContactFlowId="f",
        ParticipantDetails={"DisplayName": "C"},
        SupportedMessagingContentTypes=["text/plain", "text/markdown"],
    )
    token = connection_token(started["ParticipantToken"])
    assert participant.send_message(ConnectionToken=token, ContentType="text/markdown", Content="*ok*")["Id"]
    with pytest.raises(participant.exceptions.ValidationException, match="not supported"):
        participant.send_message(ConnectionToken=token, ContentType="application/json", Content="{}")


def test_absolute_time_alone_orders_a_chats_items(
    participant: Any, tokens: tuple[str, str], paws_emulator: Emulator, paws_chat: ChatPair
) -> None:
    for n in range(30):
        participant.send_message(ConnectionToken=tokens[n % 2], ContentType="text/plain", Content=str(n))
    times = [item["AbsoluteTime"] for item in paws_emulator.transcript(paws_chat.contact_id)]
    assert times == sorted(times) and len(set(times)) == len(times)

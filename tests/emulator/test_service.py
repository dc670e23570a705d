"""The service's rules without a network: ChatService with in-memory channels standing in for sockets."""

from __future__ import annotations

import json
from typing import Any

import pytest

from paws_compat.emulator._limits import Limits
from paws_compat.emulator._service import ApiError, ChatService


class MemoryChannel:
    """A websocket as the rules see it, recording what would be sent."""

    def __init__(self, subscribed: bool = True) -> None:
        self.subscribed = subscribed
        self.frames: list[dict[str, Any]] = []
        self.closed: tuple[int, str] | None = None
        self.aborted = False

    def push(self, text: str) -> None:
        self.frames.append(json.loads(text))

    def close(self, code: int, reason: str) -> None:
        self.closed = (code, reason)

    def abort(self) -> None:
        self.aborted = True

    def items(self) -> list[dict[str, Any]]:
        return [json.loads(frame["content"]) for frame in self.frames]


def chat(service: ChatService) -> tuple[Any, Any]:
    started = service.start_chat_contact(
        {"InstanceId": "i", "ContactFlowId": "f", "ParticipantDetails": {"DisplayName": "Customer"}}
    )
    customer = service.by_participant_token(started["ParticipantToken"])
    agent_token = service.add_participant(
        {
            "InstanceId": "i",
            "ContactId": started["ContactId"],
            "ParticipantDetails": {"ParticipantRole": "AGENT", "DisplayName": "Agent"},
        }
    )["ParticipantCredentials"]["ParticipantToken"]
    return customer, service.by_participant_token(agent_token)


def test_only_subscribed_channels_receive_items() -> None:
    service = ChatService(Limits())
    customer, agent = chat(service)
    listening, waiting = MemoryChannel(), MemoryChannel(subscribed=False)
    customer.sockets.update({listening, waiting})
    sent = service.send_message(agent, {"ContentType": "text/plain", "Content": "hello"})
    assert [item["Id"] for item in listening.items()] == [sent["Id"]]
    assert waiting.frames == []


def test_ending_a_chat_sends_chat_ended_then_closes_and_refuses_tokens() -> None:
    service = ChatService(Limits())
    customer, agent = chat(service)
    channel = MemoryChannel()
    agent.sockets.add(channel)
    service.end_chat(customer.contact, "TEST")
    assert channel.items()[-1]["ContentType"].endswith("chat.ended")
    assert channel.closed == (1000, "chat ended")
    with pytest.raises(ApiError) as refused:
        service.by_participant_token(customer.token)
    assert (refused.value.code, refused.value.status) == ("AccessDeniedException", 403)


def test_socket_tokens_are_one_time_and_capped_per_participant() -> None:
    service = ChatService(Limits(max_sockets_per_participant=1))
    customer, _ = chat(service)
    urls = [
        service.create_participant_connection(customer, {"Type": ["WEBSOCKET"]}, "ws://x/ws")["Websocket"][
            "Url"
        ]
        for _ in range(2)
    ]
    tokens = [url.split("AuthToken=")[1] for url in urls]
    participant, status, _ = service.claim_socket_token(tokens[0])
    assert (participant, status) == (customer, 101)
    assert service.claim_socket_token(tokens[0])[1] == 403
    customer.sockets.add(MemoryChannel())
    assert service.claim_socket_token(tokens[1])[1] == 429
    customer.sockets.clear()
    assert service.claim_socket_token(tokens[1])[1] == 101


def test_drop_sockets_cuts_only_the_chosen_participant() -> None:
    service = ChatService(Limits())
    customer, agent = chat(service)
    mine, theirs = MemoryChannel(), MemoryChannel()
    customer.sockets.add(mine)
    agent.sockets.add(theirs)
    assert service.drop_sockets(participant_id=customer.id) == 1
    assert mine.aborted and not theirs.aborted

"""Paging GetTranscript as the service allows: against the emulator behind a front that refuses
FORWARD without a StartPosition, as AWS does, no item is lost across reconnects."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest

from paws_compat.chat import ChatConfig, ChatSession, State
from paws_compat.emulator import Emulator
from tests.chat.conftest import make_client
from tests.chat.service_rules import ServiceRulesFront, refused_reason


def test_the_front_refuses_what_the_service_refuses() -> None:
    path = "/participant/transcript"
    assert refused_reason(path, b'{"ScanDirection": "FORWARD"}') is not None
    assert refused_reason(path, b'{"ScanDirection": "FORWARD", "StartPosition": {"Id": "a"}}') is None
    assert refused_reason(path, b'{"ScanDirection": "FORWARD", "NextToken": "n"}') is None
    assert refused_reason(path, b'{"ScanDirection": "BACKWARD"}') is None
    assert refused_reason(path, b"{}") is None  # the default direction is BACKWARD
    assert refused_reason("/participant/message", b'{"ScanDirection": "FORWARD"}') is None


def _messages(items: list[Any]) -> list[str]:
    return [item.Content for item in items if item.Type == "MESSAGE"]


@pytest.mark.parametrize("anchor_slack", [0.0, 10.0], ids=["forward-from-anchor", "backward-from-newest"])
def test_150_messages_across_three_drops_arrive_once_each_in_order_under_the_service_rule(
    paws_emulator_factory: Callable[..., Emulator],
    open_session: Callable[..., ChatSession],
    anchor_slack: float,
) -> None:
    emulator = paws_emulator_factory()
    pair = emulator.start_chat_with_agent()
    agent = open_session(emulator.endpoint, pair.agent.participant_token)
    with ServiceRulesFront(emulator.endpoint) as front:
        customer = ChatSession(
            make_client(front.endpoint),
            pair.customer.participant_token,
            config=ChatConfig.fast(anchor_slack=anchor_slack),
        )
        try:
            customer.start(timeout=20)
            received: list[Any] = []
            expected: list[str] = []
            batches = (40, 40, 40, 30)
            for round_, size in enumerate(batches):
                if round_:
                    # Offline while the agent talks: only a gap fill can bring these back.
                    emulator.faults.refuse_handshake(emulator.faults.FOREVER)
                    assert emulator.drop_sockets(participant_id=pair.customer.participant_id) >= 1
                for n in range(size):
                    text = f"round {round_} message {n}"
                    agent.send_message(text)
                    expected.append(text)
                if round_:
                    received.extend(customer.poll(timeout=0.3))
                    emulator.faults.clear()
                    deadline = time.monotonic() + 20
                    while customer.stats["reconnects"] < round_ or customer.state is not State.CONNECTED:
                        assert time.monotonic() < deadline, "the customer did not reconnect"
                        received.extend(customer.poll(timeout=0.1))
            deadline = time.monotonic() + 30
            while _messages(received) != expected and time.monotonic() < deadline:
                received.extend(customer.poll(timeout=0.5))
                if len(_messages(received)) > len(expected):
                    break
            assert _messages(received) == expected  # none lost, none twice, in order
            assert customer.stats["reconnects"] >= 3
            assert customer.state is State.CONNECTED
            everything = customer.transcript_all()
            assert [i.Content for i in everything if i.Type == "MESSAGE"] == expected
            assert front.refused == []
            assert front.transcript_calls  # the fills went through the front
            for call in front.transcript_calls:
                if call.get("ScanDirection") == "FORWARD" and not call.get("NextToken"):
                    assert call.get("StartPosition")
        finally:
            customer.close()

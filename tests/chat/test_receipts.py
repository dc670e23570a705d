"""Receipts: chatjs's sending rules (pure), and both ways against the real emulator."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

import pytest

from paws_compat.chat import AsyncChatSession, ChatConfig, ChatSession
from paws_compat.chat._receipts import ReceiptBatcher
from paws_compat.chat.protocol import ChatProtocol, ItemEvent, classify
from paws_compat.emulator import Emulator
from tests.chat.conftest import FAST
from tests.chat.test_session_faults import collect, poll_for


def batcher(**overrides: Any) -> ReceiptBatcher:
    values: dict[str, Any] = {"hold": 0.3, "throttle": 5.0, "ids_max": 100}
    values.update(overrides)
    return ReceiptBatcher(**values)


def drain(receipts: ReceiptBatcher, start: float, until: float) -> list[tuple[float, str, str]]:
    """Everything sent between `start` and `until`, stepping through the batcher's deadlines."""
    sent: list[tuple[float, str, str]] = []
    now = start
    while True:
        sent += [(now, kind, message_id) for kind, message_id in receipts.due(now)]
        deadline = receipts.next_deadline()
        if deadline is None or deadline > until:
            return sent
        now = max(now, deadline)


# --- the rules, as amazon-connect-chatjs 5.0.0's MessageReceiptsUtil applies them ---------------


def test_the_issues_sequence_costs_one_send_event() -> None:
    receipts = batcher()
    asked = [
        receipts.ask(0.00, "delivered", "a"),
        receipts.ask(0.01, "delivered", "b"),
        receipts.ask(0.02, "read", "b"),
        receipts.ask(0.03, "read", "b"),
    ]
    assert asked == [True, True, True, False]
    assert drain(receipts, 0.03, 60.0) == [
        (pytest.approx(5.02), "read", "b")
    ]  # the batch's window: 5 s from its start


def test_a_delivered_receipt_waits_its_hold_then_the_window() -> None:
    receipts = batcher()
    receipts.ask(0.0, "delivered", "a")
    assert receipts.next_deadline() == 0.3
    assert drain(receipts, 0.0, 60.0) == [(pytest.approx(5.3), "delivered", "a")]
    assert receipts.ask(10.0, "delivered", "a") is False  # sent once per message


def test_a_newer_delivered_in_the_batch_takes_the_unsent_read_along() -> None:
    receipts = batcher()
    receipts.ask(0.0, "read", "a")
    receipts.ask(1.0, "delivered", "b")
    assert drain(receipts, 1.0, 60.0) == [(5.0, "delivered", "b"), (5.0, "read", "a")]


def test_a_read_supersedes_a_delivered_ever_after() -> None:
    receipts = batcher()
    receipts.ask(0.0, "read", "a")
    drain(receipts, 0.0, 60.0)
    assert receipts.ask(10.0, "delivered", "a") is False
    assert receipts.ask(10.0, "read", "a") is False
    assert receipts.next_deadline() is None


def test_a_burst_over_many_messages_sends_at_most_two_per_window() -> None:
    receipts = batcher()
    for n in range(200):
        receipts.ask(n * 0.01, "delivered", f"m{n}")
        if n % 3 == 0:
            receipts.ask(n * 0.01 + 0.001, "read", f"m{n}")
    sent = drain(receipts, 2.0, 60.0)
    windows: dict[int, int] = {}
    for at, _kind, _id in sent:
        windows[int(at // 5)] = windows.get(int(at // 5), 0) + 1
    assert sent and max(windows.values()) <= 2
    assert sent[-1][2] in ("m199", "m198")  # the newest is what goes out


def test_the_memory_of_sent_receipts_is_bounded() -> None:
    receipts = batcher(ids_max=10, hold=0.0, throttle=0.0)
    for n in range(100):
        receipts.ask(float(n), "read", f"m{n}")
        receipts.due(float(n))
    assert len(receipts._read) == 10 and len(receipts._sent) == 10
    assert receipts.ask(200.0, "read", "m99") is False
    assert receipts.ask(200.0, "read", "m0") is True  # forgotten: the bound is the price


def test_a_bad_kind_is_refused_with_the_rule() -> None:
    with pytest.raises(ValueError, match="kind must be 'read' or 'delivered'"):
        batcher().ask(0.0, "seen", "a")


def _receipt_item(item_id: str, message_id: str, recipient: str, *, read: bool) -> dict[str, Any]:
    stamp = "ReadTimestamp" if read else "DeliveredTimestamp"
    return {
        "Id": item_id,
        "Type": "MESSAGEMETADATA",
        "ContentType": "application/vnd.amazonaws.connect.event.message.metadata",
        "AbsoluteTime": "2026-12-03T08:00:00.000Z",
        "MessageMetadata": {
            "MessageId": message_id,
            "Receipts": [{"RecipientParticipantId": recipient, stamp: "2026-12-03T08:00:00.000Z"}],
        },
    }


def test_receipt_items_are_read_and_delivered_kinds() -> None:
    assert classify(_receipt_item("e1", "m1", "p", read=True)) == "read"
    assert classify(_receipt_item("e1", "m1", "p", read=False)) == "delivered"


def test_own_receipts_are_learned_from_their_echo_and_hidden() -> None:
    proto = ChatProtocol(ChatConfig(receipt_throttle=0.0, receipt_hold=0.0))
    assert proto.ask_receipt(0.0, "read", "m1") is True
    proto._accept(1.0, _receipt_item("e1", "m1", "me", read=True))  # the echo of ours
    proto._accept(1.0, _receipt_item("e2", "m2", "them", read=True))  # theirs, for our message
    proto._release(1.0, force=True)
    shown = [(event.kind, event.item["Id"]) for event in proto.take_events() if isinstance(event, ItemEvent)]
    assert shown == [("read", "e2")]
    assert proto.receipts.participant_id == "me"


# --- against the emulator ------------------------------------------------------------------------


@pytest.fixture
def emulator(paws_emulator_factory: Callable[..., Emulator]) -> Emulator:
    return paws_emulator_factory()


def _send_events(emulator: Emulator) -> int:
    return sum(1 for entry in emulator.requests if entry["operation"] == "SendEvent")


def test_receipts_reach_the_sender_as_read_events_once_and_never_echo_back(
    emulator: Emulator, open_session: Callable[..., ChatSession]
) -> None:
    pair = emulator.start_chat_with_agent()
    customer = open_session(emulator.endpoint, pair.customer.participant_token, deliver_history=False)
    agent = open_session(emulator.endpoint, pair.agent.participant_token, deliver_history=False)
    reads: list[Any] = []
    delivered: list[Any] = []
    agent.on("read", reads.append)
    agent.on("delivered", delivered.append)
    first = agent.send_message("one")
    second = agent.send_message("two")
    collect(customer, lambda items: {"one", "two"} <= {item.Content for item in items})
    emulator.clear_requests()
    asked = [
        customer.send_delivered_receipt(first.Id),
        customer.send_delivered_receipt(second.Id),
        customer.send_read_receipt(second.Id),
        customer.send_read_receipt(second.Id),
    ]
    assert asked == [True, True, True, False]
    collect(agent, lambda _items: bool(reads))
    own = [item for item in poll_for(customer, 1.0) if item.Type == "MESSAGEMETADATA"]
    poll_for(agent, 1.0)
    assert _send_events(emulator) == 1
    assert [item.MessageMetadata.MessageId for item in reads] == [second.Id]
    assert delivered == []
    assert own == []  # the customer's own receipt is not shown back to it
    assert customer.stats["receipts_sent"] == 1 and customer.stats["receipts_repeated"] == 1


def test_receipts_off_sends_each_at_once_and_a_known_participant_hides_its_own(
    emulator: Emulator, open_session: Callable[..., ChatSession]
) -> None:
    pair = emulator.start_chat_with_agent()
    customer = open_session(
        emulator.endpoint,
        pair.customer.participant_token,
        participant_id=pair.customer.participant_id,
        receipts=False,
        deliver_history=False,
    )
    agent = open_session(emulator.endpoint, pair.agent.participant_token, deliver_history=False)
    sent = agent.send_message("read me")
    collect(customer, lambda items: any(item.Content == "read me" for item in items))
    emulator.clear_requests()
    answer = customer.send_delivered_receipt(sent.Id)
    assert answer.Id  # SendEvent's own result, at once
    customer.send_read_receipt(sent.Id)
    assert _send_events(emulator) == 2
    kinds: list[str] = []
    agent.on("delivered", lambda _item: kinds.append("delivered"))
    agent.on("read", lambda _item: kinds.append("read"))
    collect(agent, lambda _items: len(kinds) == 2)
    assert kinds == ["delivered", "read"]
    assert [item for item in poll_for(customer, 0.5) if item.Type == "MESSAGEMETADATA"] == []


def test_leaving_sends_the_receipts_still_held(
    emulator: Emulator, open_session: Callable[..., ChatSession]
) -> None:
    pair = emulator.start_chat_with_agent()
    agent = open_session(emulator.endpoint, pair.agent.participant_token, receipt_throttle=60.0)
    customer = open_session(emulator.endpoint, pair.customer.participant_token)
    reads: list[Any] = []
    customer.on("read", reads.append)
    sent = customer.send_message("hello")
    collect(agent, lambda items: any(item.Content == "hello" for item in items))
    assert agent.send_read_receipt(sent.Id) is True  # would wait a minute for its batch
    agent.disconnect()
    collect(customer, lambda _items: bool(reads))
    assert reads[0].MessageMetadata.MessageId == sent.Id


def test_the_asyncio_session_batches_and_hides_receipts_too(
    emulator: Emulator, client_for: Callable[[str], Any]
) -> None:
    async def scenario() -> tuple[list[bool], list[str], list[str], int]:
        pair = emulator.start_chat_with_agent()
        config = FAST
        async with (
            AsyncChatSession(
                client_for(emulator.endpoint), pair.customer.participant_token, config=config
            ) as c,
            AsyncChatSession(client_for(emulator.endpoint), pair.agent.participant_token, config=config) as a,
        ):
            reads: list[str] = []
            a.on("read", lambda item: reads.append(item.MessageMetadata.MessageId))
            sent = await a.send_message("async hello")
            deadline = time.monotonic() + 20
            while not any(item.Content == "async hello" for item in await c.poll(timeout=1.0)):
                assert time.monotonic() < deadline
            emulator.clear_requests()
            asked = [await c.send_delivered_receipt(sent.Id), await c.send_read_receipt(sent.Id)]
            asked.append(await c.send_read_receipt(sent.Id))
            while not reads:
                assert time.monotonic() < deadline
                await a.poll(timeout=0.5)
            await asyncio.sleep(0.5)
            own = [item.Id for item in await c.poll() if item.Type == "MESSAGEMETADATA"]
            return asked, reads, own, _send_events(emulator)

    asked, reads, own, sends = asyncio.run(scenario())
    assert asked == [True, True, False]
    assert len(reads) == 1 and own == [] and sends == 1

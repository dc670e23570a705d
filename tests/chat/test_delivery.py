"""Delivery on its own (pure: no sockets, no clock): dedup, updates, order, holds, anchors, history."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from paws_compat._timestamps import format_instant
from paws_compat.chat._delivery import Delivery
from paws_compat.chat.protocol import CHAT_ENDED_CONTENT_TYPE, ChatConfig, ItemEvent

BASE = 1_700_000_000.0
CONFIG = ChatConfig(reorder_window=0.1, anchor_slack=0.0, known_ids_max=1000)


def item(n: int, content: str | None = None, *, at: float | None = None) -> dict[str, Any]:
    return {
        "Id": f"id-{n}",
        "Type": "MESSAGE",
        "ContentType": "text/plain",
        "Content": content if content is not None else f"message {n}",
        "AbsoluteTime": format_instant(BASE + (n if at is None else at)),
    }


def delivery(config: ChatConfig = CONFIG, hidden: Any = None) -> Delivery:
    stats = {"items": 0, "duplicates": 0, "updates": 0}
    return Delivery(config, stats, hidden or (lambda _item: False))


def contents(events: list[ItemEvent]) -> list[str]:
    return [event.item["Content"] for event in events]


def test_a_second_copy_is_dropped_and_other_content_is_an_update() -> None:
    d = delivery()
    d.accept(0.0, item(1))
    first, _ = d.release(1.0)
    d.accept(1.0, item(1))
    d.accept(1.0, item(1, "edited"))
    later, _ = d.release(2.0)
    assert contents(first) == ["message 1"]
    assert [(e.item["Content"], e.update) for e in later] == [("edited", True)]
    assert d.stats["duplicates"] == 1 and d.stats["updates"] == 1


def test_items_wait_their_reorder_window_and_leave_in_absolute_time_order() -> None:
    d = delivery()
    d.accept(0.00, item(3))
    d.accept(0.02, item(1))
    d.accept(0.04, item(2))
    assert d.release(0.05) == ([], False)
    assert d.release_at(None) == 0.1
    events, _ = d.release(0.15)
    assert contents(events) == ["message 1", "message 2", "message 3"]


def test_a_hold_keeps_everything_back_until_it_ends() -> None:
    d = delivery()
    d.accept(0.0, item(1))
    assert d.release(5.0, hold_until=6.0) == ([], False)
    assert d.release_at(6.0) == 6.0
    events, _ = d.release(6.0, hold_until=6.0)
    assert contents(events) == ["message 1"]


def test_chat_ended_says_so_when_accepted_and_when_released() -> None:
    d = delivery()
    ended = {
        "Id": "end",
        "Type": "EVENT",
        "ContentType": CHAT_ENDED_CONTENT_TYPE,
        "AbsoluteTime": format_instant(BASE + 9),
    }
    assert d.accept(0.0, item(1)) is False
    assert d.accept(0.0, ended) is True
    assert d.chat_ended_waiting()
    events, done = d.release(0.0, force=True)
    assert [e.kind for e in events] == ["message", "chat_ended"] and done


def test_the_history_is_never_delivered_by_a_fill_and_gives_anchors() -> None:
    d = delivery()
    for n in (1, 2):
        d.note_history(item(n))
    assert d.fill_start() == "id-2"
    d.accept_page(0.0, [item(1), item(2), item(3)])
    events, _ = d.release(1.0)
    assert contents(events) == ["message 3"]
    assert d.fill_start() == "id-3"


def test_a_fill_starts_anchor_slack_before_the_newest_item() -> None:
    d = delivery(ChatConfig(anchor_slack=10.0))
    for n in (0, 5, 12, 20):
        d.accept(0.0, item(n))
    d.release(1.0, force=True)
    assert d.fill_start() == "id-5"  # the newest at least 10 s older than id-20


def test_receipts_the_session_hides_are_remembered_but_not_delivered() -> None:
    receipt = {
        "Id": "r1",
        "Type": "MESSAGEMETADATA",
        "ContentType": "application/vnd.amazonaws.connect.event.message.metadata",
        "AbsoluteTime": format_instant(BASE),
        "MessageMetadata": {"MessageId": "id-1", "Receipts": [{"ReadTimestamp": "x"}]},
    }
    d = delivery(hidden=lambda _item: True)
    d.accept(0.0, receipt)
    assert d.release(1.0) == ([], False)
    assert d.known("r1")


def test_the_memory_of_delivered_ids_is_bounded() -> None:
    d = delivery(ChatConfig(known_ids_max=5, reorder_window=0.0))
    for n in range(50):
        d.accept(float(n), item(n))
        d.release(float(n))
    assert len(d._known) == 5 and d.known("id-49") and not d.known("id-0")


@settings(max_examples=200, deadline=None)
@given(
    order=st.permutations(list(range(12))),
    repeats=st.lists(st.integers(min_value=0, max_value=11), max_size=12),
    gaps=st.lists(st.floats(min_value=0.0, max_value=0.2), min_size=24, max_size=24),
)
def test_any_arrival_order_with_copies_delivers_each_item_once_and_in_order_within_a_window(
    order: list[int], repeats: list[int], gaps: list[float]
) -> None:
    arrivals = order + repeats
    expected = {f"id-{n}" for n in arrivals}
    # Released as time goes by, arrivals some way apart: each exactly once.
    spread, now, spread_ids = delivery(), 0.0, []
    for n, gap in zip(arrivals, gaps, strict=False):
        now += gap
        spread.accept(now, item(n))
        spread_ids += [event.item["Id"] for event in spread.release(now)[0]]
    spread_ids += [event.item["Id"] for event in spread.release(now + 1.0)[0]]
    assert sorted(spread_ids) == sorted(expected)
    # All within one reorder window: exactly once, and in AbsoluteTime order.
    close = delivery()
    for index, n in enumerate(arrivals):
        close.accept(index * 0.001, item(n))
    ids = [event.item["Id"] for event in close.release(1.0)[0]]
    assert ids == [f"id-{n}" for n in sorted(set(arrivals))]

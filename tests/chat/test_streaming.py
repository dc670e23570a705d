"""Streamed replies: chunks stitched as chatjs does (pure), and through the real emulator."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from paws_compat.chat import ChatSession
from paws_compat.chat._common import to_record
from paws_compat.chat._streaming import Stitcher
from paws_compat.emulator import Emulator
from tests.chat.test_session_faults import collect, poll_for


def chunk(
    number: int | None, content: str, *, completed: bool = False, item_id: str = "m1"
) -> dict[str, Any]:
    metadata: dict[str, Any] = {"MessageId": item_id, "MessageCompleted": completed}
    if number is not None:
        metadata["ChunkNumber"] = number
    return {
        "Id": item_id,
        "Type": "MESSAGE",
        "ContentType": "text/plain",
        "ParticipantRole": "SYSTEM",
        "Content": content,
        "AbsoluteTime": f"2026-12-03T08:00:0{number or 9}.000Z",
        "MessageMetadata": metadata,
    }


def contents(stitcher: Stitcher, *items: dict[str, Any]) -> list[str | None]:
    out = []
    for item in items:
        taken = stitcher.take(item)
        out.append(None if taken is None else taken["Content"])
    return out


def test_each_chunk_gives_the_text_so_far_and_same_text_chunks_both_count() -> None:
    got = contents(Stitcher(), chunk(1, "Let"), chunk(2, " me"), chunk(3, " me"), chunk(4, "!"))
    assert got == ["Let", "Let me", "Let me me", "Let me me!"]


def test_the_stitched_item_keeps_the_first_time_and_the_newest_chunk_number() -> None:
    stitcher = Stitcher()
    stitcher.take(chunk(1, "a"))
    taken = stitcher.take(chunk(2, "b"))
    assert taken is not None
    assert taken["AbsoluteTime"] == "2026-12-03T08:00:01.000Z"
    assert taken["MessageMetadata"]["ChunkNumber"] == 2


def test_repeats_and_chunks_out_of_order_wait_for_the_completed_item() -> None:
    stitcher = Stitcher()
    got = contents(
        stitcher,
        chunk(1, "a"),
        chunk(1, "a"),  # the same chunk again (a second socket): nothing new
        chunk(3, "c"),  # out of order: ignored, as chatjs does
        chunk(None, "abc", completed=True),
        chunk(None, "abc", completed=True),
        chunk(4, "d"),  # after completion
    )
    assert got == ["a", None, None, "abc", None, None]


def test_a_chunk_whose_start_was_never_seen_waits_and_a_full_copy_closes_the_message() -> None:
    stitcher = Stitcher()
    assert contents(stitcher, chunk(2, "b")) == [None]
    full = {key: value for key, value in chunk(None, "ab").items() if key != "MessageMetadata"}
    assert contents(stitcher, chunk(1, "a"), full, chunk(2, "b")) == ["a", "ab", None]


def test_open_messages_and_their_text_are_bounded() -> None:
    stitcher = Stitcher(open_max=3, text_max=5)
    for n in range(10):
        stitcher.take(chunk(1, "x", item_id=f"m{n}"))
    assert len(stitcher._open) == 3
    assert contents(stitcher, chunk(2, "yyyy", item_id="m9"), chunk(3, "z", item_id="m9")) == ["xyyyy", None]


def test_members_the_model_does_not_know_are_kept_on_the_record() -> None:
    record = to_record({**chunk(2, "b"), "InitialContactId": "contact-0"})
    assert record.MessageMetadata.ChunkNumber == 2
    assert record.MessageMetadata.MessageCompleted is False
    assert record.InitialContactId == "contact-0"
    assert record.to_dict()["MessageMetadata"]["ChunkNumber"] == 2
    assert "ChunkNumber            : num 2" in record.str()


# --- through the emulator ----------------------------------------------------------------------


@pytest.fixture
def emulator(paws_emulator_factory: Callable[..., Emulator]) -> Emulator:
    return paws_emulator_factory()


def test_a_streamed_reply_arrives_whole_with_no_chunk_lost_and_is_not_repeated_by_a_fill(
    emulator: Emulator, open_session: Callable[..., ChatSession]
) -> None:
    pair = emulator.start_chat_with_agent()
    customer = open_session(emulator.endpoint, pair.customer.participant_token, deliver_history=False)
    seen: list[Any] = []
    customer.on("message", seen.append)
    customer.on("update", seen.append)
    reply_id = "reply-1"

    def send(item: dict[str, Any], **where: bool) -> None:
        del item["AbsoluteTime"]  # the emulator stamps it
        emulator.inject_item(pair.contact_id, item, **where)

    parts = ["Your parcel", " is", " on its way", " on its way", "."]  # two chunks with the same text
    so_far = ""
    for number, part in enumerate(parts, start=1):
        send(chunk(number, part, item_id=reply_id), transcript=False)
        so_far += part
        collect(customer, lambda _items, text=so_far: any(item.Content == text for item in seen))
    whole = "".join(parts)
    send(chunk(None, whole, completed=True, item_id=reply_id))
    collect(customer, lambda _items: bool(seen) and seen[-1].MessageMetadata.MessageCompleted is True)
    assert {item.Id for item in seen} == {reply_id}
    assert [item.Content for item in seen] == ["Your parcel" + "".join(parts[1:n]) for n in range(1, 6)] + [
        whole
    ]
    assert [item.MessageMetadata.ChunkNumber for item in seen[:5]] == [1, 2, 3, 4, 5]
    assert seen[-1].InitialContactId == pair.contact_id  # the socket sends it; the model has no member
    emulator.drop_sockets(participant_id=pair.customer.participant_id)  # the fill reads the reply again
    emulator.inject_item(pair.contact_id, {"Type": "MESSAGE", "ContentType": "text/plain", "Content": "next"})
    later = collect(customer, lambda items: any(item.Content == "next" for item in items))
    assert [item.Content for item in later + poll_for(customer, 0.3)] == ["next"]

"""Streamed replies (Lex or AI partial messages), stitched as amazon-connect-chatjs 5.0.0 does.

A partial message is a SYSTEM MESSAGE whose MessageMetadata has MessageCompleted (chatjs's
PartialMessageUtil). Its chunks share one Id and each carries only its own delta: chunk 1 opens it,
chunk n+1 after chunk n appends, one out of order is ignored (the completed item will carry the
whole text), and the completed item replaces the chunks. What the application gets is one item per
change with the text so far, the first chunk's AbsoluteTime and the newest chunk's other members.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping
from typing import Any


def is_partial(item: Mapping[str, Any]) -> bool:
    metadata = item.get("MessageMetadata")
    return (
        item.get("ParticipantRole") == "SYSTEM"
        and item.get("Type") == "MESSAGE"
        and isinstance(metadata, Mapping)
        and metadata.get("MessageCompleted") is not None
    )


def _chunk_number(item: Mapping[str, Any]) -> int | None:
    value = item["MessageMetadata"].get("ChunkNumber")
    return value if isinstance(value, int) and not isinstance(value, bool) else None


class Stitcher:
    """Open partial messages, bounded: at most `open_max` at once (the oldest is dropped) and
    `text_max` characters each (later chunks wait for the completed item)."""

    def __init__(self, *, open_max: int = 1000, text_max: int = 1 << 20) -> None:
        self._open: OrderedDict[str, list[dict[str, Any]]] = OrderedDict()
        self._length: dict[str, int] = {}
        self._open_max = open_max
        self._text_max = text_max

    def take(self, item: dict[str, Any]) -> dict[str, Any] | None:
        """The item to deliver for `item`: itself (not partial), the stitched text so far, or None
        when it changes nothing (a chunk out of order, a repeat)."""
        item_id = item["Id"]
        if not is_partial(item):
            # A full item with the Id of an open message (say the transcript's copy) closes it.
            if self._open.pop(item_id, None) is not None:
                self._length.pop(item_id, None)
            return item
        completed = item["MessageMetadata"]["MessageCompleted"] is True
        chunks = self._open.get(item_id)
        number = _chunk_number(item)
        if completed:
            if chunks is not None and chunks[-1]["MessageMetadata"].get("MessageCompleted") is True:
                return None  # completed already
            self._keep(item_id, [item])
            return item
        if chunks is None:
            if number != 1:
                return None  # a later chunk whose start we never saw: wait for the completed item
            self._keep(item_id, [item])
            return dict(item)
        last = chunks[-1]
        if last["MessageMetadata"].get("MessageCompleted") is True:
            return None  # a chunk after completion: the completed text already has it
        last_number = _chunk_number(last)
        if number is None or last_number is None or number != last_number + 1:
            return None
        content = item.get("Content")
        added = len(content) if isinstance(content, str) else 0
        if self._length.get(item_id, 0) + added > self._text_max:
            return None
        chunks.append(item)
        self._length[item_id] = self._length.get(item_id, 0) + added
        return _stitch(chunks)

    def _keep(self, item_id: str, chunks: list[dict[str, Any]]) -> None:
        self._open[item_id] = chunks
        self._open.move_to_end(item_id)
        content = chunks[0].get("Content")
        self._length[item_id] = len(content) if isinstance(content, str) else 0
        while len(self._open) > self._open_max:
            dropped, _ = self._open.popitem(last=False)
            self._length.pop(dropped, None)


def _stitch(chunks: list[dict[str, Any]]) -> dict[str, Any]:
    text = "".join(c["Content"] for c in chunks if isinstance(c.get("Content"), str))
    return {**chunks[-1], "Content": text, "AbsoluteTime": chunks[0].get("AbsoluteTime")}

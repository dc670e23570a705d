"""Delivery: every item to the application once, in AbsoluteTime order (pure: no I/O, no clock).

Items come from sockets and GetTranscript pages, in any order and any number of times. Delivery
stitches streamed chunks (`_streaming`), drops copies it has delivered (by Id and a fingerprint of
what may change: an item seen again with other content is an update), holds items back for
`reorder_window` seconds (or while a gap fill runs) to put them in order, remembers anchors (items
GetTranscript keeps, for the next fill to start from) and, without deliver_history, the Ids of the
history so that no fill delivers them.
"""

from __future__ import annotations

import bisect
import heapq
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from .._timestamps import parse_instant
from ._streaming import Stitcher
from ._values import ANCHOR_KINDS, ChatConfig, ItemEvent, classify

_Entry = tuple[float, int, float, dict[str, Any]]  # (AbsoluteTime, seq, arrived, item)


class Delivery:
    """The items of one session. `hidden(item)` is asked for each receipt: True keeps it from the
    application (the participant's own)."""

    def __init__(
        self, config: ChatConfig, stats: dict[str, int], hidden: Callable[[dict[str, Any]], bool]
    ) -> None:
        self.config = config
        self.stats = stats
        self._hidden = hidden
        self._known: OrderedDict[str, tuple[Any, ...]] = OrderedDict()
        self._anchors: list[tuple[float, str]] = []  # (AbsoluteTime, Id) of recent anchorable items
        # Without deliver_history: the Ids the transcript held when the session joined. A later
        # fill never delivers them (they were never delivered, so dedup alone would let them in).
        self._history: set[str] = set()
        self._buffer: list[_Entry] = []
        self._buffered: dict[str, int] = {}  # Id -> seq of its buffered version
        self._seq = 0
        self._stitcher = Stitcher()

    @property
    def holding(self) -> bool:
        return bool(self._buffer)

    def known(self, item_id: str) -> bool:
        return item_id in self._known

    def accept(self, now: float, item: dict[str, Any]) -> bool:
        """Take an item (held until `release`); True when it is a chat.ended now waiting."""
        item_id = item.get("Id")
        if not isinstance(item_id, str) or not item_id:
            return False
        self.stats["items"] += 1
        stitched = self._stitcher.take(item)  # a streamed chunk becomes the text so far
        if stitched is None:
            self.stats["duplicates"] += 1
            return False
        item = stitched
        fingerprint = _fingerprint(item)
        seq = self._buffered.get(item_id)
        if seq is not None:
            for index, entry in enumerate(self._buffer):
                if entry[1] == seq:
                    if _fingerprint(entry[3]) != fingerprint:
                        self._buffer[index] = (entry[0], entry[1], entry[2], item)  # newer content wins
                    else:
                        self.stats["duplicates"] += 1
                    break
            return False
        if self._known.get(item_id) == fingerprint:
            self.stats["duplicates"] += 1
            return False
        self._seq += 1
        heapq.heappush(self._buffer, (_item_time(item), self._seq, now, item))
        self._buffered[item_id] = self._seq
        return classify(item) == "chat_ended"

    def accept_page(self, now: float, page: Iterable[dict[str, Any]]) -> bool:
        """A GetTranscript page of a gap fill (the history excepted); True as `accept`."""
        ended = False
        for item in page:
            if item["Id"] not in self._history:
                ended = self.accept(now, item) or ended
        return ended

    def chat_ended_waiting(self) -> bool:
        return any(classify(entry[3]) == "chat_ended" for entry in self._buffer)

    def release_at(self, hold_until: float | None) -> float | None:
        """When `release` next has something to do: after the hold, or the reorder window."""
        if not self._buffer:
            return None
        if hold_until is not None:
            return hold_until
        return min(arrived for _, _, arrived, _ in self._buffer) + self.config.reorder_window

    def release(
        self, now: float, *, hold_until: float | None = None, force: bool = False
    ) -> tuple[list[ItemEvent], bool]:
        """The items due, in order, as events; and True when chat.ended was among them. Held while
        `now < hold_until` (a gap fill runs: older items may still come), else each waits its
        reorder window; `force` releases everything."""
        if not self._buffer:
            return [], False
        if not force:
            if hold_until is not None and now < hold_until:
                return [], False
            window = self.config.reorder_window
            due = [entry for entry in self._buffer if entry[2] + window <= now]
            if not due:
                return [], False
            limit = max(entry[0] for entry in due)
        else:
            limit = float("inf")
        events: list[ItemEvent] = []
        ended = False
        while self._buffer and self._buffer[0][0] <= limit:
            _time, _seq, _arrived, item = heapq.heappop(self._buffer)
            item_id = item["Id"]
            self._buffered.pop(item_id, None)
            fingerprint = _fingerprint(item)
            previous = self._known.get(item_id)
            if previous == fingerprint:
                self.stats["duplicates"] += 1
                continue
            self._remember(item_id, fingerprint)
            kind = classify(item)
            if kind in ("read", "delivered") and self._hidden(item):
                continue  # the participant's own receipt: shown to the message's sender only
            update = previous is not None
            if update:
                self.stats["updates"] += 1
            events.append(ItemEvent(kind, item, update=update))
            if kind in ANCHOR_KINDS:
                self._add_anchor(_item_time(item), item_id)
            ended = ended or kind == "chat_ended"
        return events, ended

    def fill_start(self) -> str | None:
        """Where a gap fill starts: the newest item at least `anchor_slack` older than the newest
        seen, so items the service delivered out of order just before a drop are read again."""
        if not self._anchors:
            return None
        horizon = self._anchors[-1][0] - self.config.anchor_slack
        index = bisect.bisect_right(self._anchors, (horizon, "\uffff"))
        return self._anchors[index - 1][1] if index else None

    def note_history(self, item: dict[str, Any]) -> None:
        """An item of the history read: kept from later fills, and an anchor for them. One that
        is already known or buffered came over the socket after the join: it is no history."""
        item_id = item["Id"]
        if not isinstance(item_id, str) or item_id in self._known or item_id in self._buffered:
            return
        self._history.add(item_id)
        if classify(item) in ANCHOR_KINDS:
            self._add_anchor(_item_time(item), item_id)

    def _add_anchor(self, time: float, item_id: str) -> None:
        bisect.insort(self._anchors, (time, item_id))
        horizon = self._anchors[-1][0] - self.config.anchor_slack
        # Keep what lies within the slack plus the newest item before it: the only possible anchors.
        older = bisect.bisect_left(self._anchors, (horizon, ""))
        if older > 1:
            del self._anchors[: older - 1]

    def _remember(self, item_id: str, fingerprint: tuple[Any, ...]) -> None:
        self._known[item_id] = fingerprint
        self._known.move_to_end(item_id)
        while len(self._known) > self.config.known_ids_max:
            self._known.popitem(last=False)


def _item_time(item: Mapping[str, Any]) -> float:
    """An item's AbsoluteTime in POSIX seconds; 0 when missing or malformed (not a string)."""
    value = item.get("AbsoluteTime")
    return (parse_instant(value) if isinstance(value, str) else None) or 0.0


def _fingerprint(item: Mapping[str, Any]) -> tuple[Any, ...]:
    """What makes a second copy of an Id an update rather than a duplicate (streamed replies,
    attachment status). Type and receipts differ between the socket and GetTranscript for the same
    item, so they are left out."""
    attachments = item.get("Attachments")
    if not isinstance(attachments, (list, tuple)):
        attachments = ()  # malformed: the item is still deduplicated by its other members
    statuses = tuple(
        sorted(
            (str(a.get("AttachmentId")), str(a.get("Status"))) for a in attachments if isinstance(a, Mapping)
        )
    )
    metadata = item.get("MessageMetadata")
    chunk = None  # a completed item and its transcript copy (no MessageCompleted) are the same
    if isinstance(metadata, Mapping) and metadata.get("MessageCompleted") is False:
        chunk = metadata.get("ChunkNumber")
    return (item.get("Content"), item.get("ContentType"), statuses, chunk)

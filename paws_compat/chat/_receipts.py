"""Read and delivered receipts, both ways, with amazon-connect-chatjs 5.0.0's rules (no I/O).

Out: a receipt the application asks for is sent at most once per message and kind, and a read
supersedes a delivered (a read implies it). A delivered one waits `receipt_hold` (chatjs: 300 ms)
in case a read follows; within that hold the newest delivered replaces older ones. What is left
enters a batch that is sent `receipt_throttle` seconds (chatjs: 5 s) after its first entry: only the
newest receipt goes out, and when that is a delivered one, the newest read not yet sent goes with
it. So a burst of receipts costs at most two SendEvent calls per throttle window.

In: a MESSAGEMETADATA item is a `read` (its receipt has a ReadTimestamp) or a `delivered` one; the
participant's own receipts are not shown back to it (chatjs shows a receipt only to the sender of
the message). Which receipts are its own is known by the participant's Id when given, or learned
from the first echo of a receipt this session sent.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping
from typing import Any

READ = "read"
DELIVERED = "delivered"


def receipt_kind(item: Mapping[str, Any]) -> str | None:
    """`read` or `delivered` for a receipt item (chatjs: a ReadTimestamp makes it a read), else None."""
    receipt = _first_receipt(item)
    if receipt is None:
        return None
    if receipt.get("ReadTimestamp"):
        return READ
    if receipt.get("DeliveredTimestamp"):
        return DELIVERED
    return None


def _first_receipt(item: Mapping[str, Any]) -> Mapping[str, Any] | None:
    metadata = item.get("MessageMetadata")
    if not isinstance(metadata, Mapping):
        return None
    receipts = metadata.get("Receipts")
    if not isinstance(receipts, (list, tuple)) or not receipts or not isinstance(receipts[0], Mapping):
        return None
    return receipts[0]


def _message_id(item: Mapping[str, Any]) -> str | None:
    metadata = item.get("MessageMetadata")
    value = metadata.get("MessageId") if isinstance(metadata, Mapping) else None
    return value if isinstance(value, str) and value else None


class _BoundedSet:
    """The newest `limit` keys; older ones are forgotten (a chat longer than that may repeat one)."""

    def __init__(self, limit: int) -> None:
        self._limit = limit
        self._keys: OrderedDict[Any, None] = OrderedDict()

    def add(self, key: Any) -> None:
        self._keys[key] = None
        self._keys.move_to_end(key)
        while len(self._keys) > self._limit:
            self._keys.popitem(last=False)

    def __contains__(self, key: object) -> bool:
        return key in self._keys

    def __len__(self) -> int:
        return len(self._keys)


class ReceiptBatcher:
    """What to send, when, and which incoming receipts are the participant's own."""

    def __init__(
        self,
        *,
        hold: float,
        throttle: float,
        ids_max: int,
        participant_id: str | None = None,
        stats: dict[str, int] | None = None,
    ) -> None:
        self.hold = hold
        self.throttle = throttle
        self.participant_id = participant_id
        self._read = _BoundedSet(ids_max)  # messages whose read is sent or on its way
        self._delivered = _BoundedSet(ids_max)
        self._sent = _BoundedSet(ids_max)  # (kind, message Id) this session sent: to know its echo
        self._held: str | None = None  # the newest delivered receipt in its hold
        self._hold_until: float | None = None
        self._window_until: float | None = None
        self._latest: tuple[str, str] | None = None  # the newest receipt of the batch
        self._unsent_read: str | None = None  # the newest read of the batch, not yet sent
        self.stats = stats if stats is not None else {}  # shared with the protocol's
        self.stats.update(receipts_asked=0, receipts_repeated=0, receipts_sent=0)

    def ask(self, now: float, kind: str, message_id: str) -> bool:
        """The application wants to send a receipt; False when it is a repeat (nothing will be sent)."""
        if kind not in (READ, DELIVERED):
            raise ValueError(f"kind must be {READ!r} or {DELIVERED!r}, not {kind!r}")
        self.stats["receipts_asked"] += 1
        repeated = message_id in self._read or (kind == DELIVERED and message_id in self._delivered)
        if not message_id or repeated:
            self.stats["receipts_repeated"] += 1
            return False
        if kind == DELIVERED:
            self._held = message_id
            if self._hold_until is None:
                self._hold_until = now + self.hold
            return True
        # A read goes into the batch at once; a delivered one still in its hold is superseded.
        self._held = None
        self._hold_until = None
        self._read.add(message_id)
        self._enter(now, READ, message_id)
        return True

    def _enter(self, now: float, kind: str, message_id: str) -> None:
        self._latest = (kind, message_id)
        if kind == READ:
            self._unsent_read = message_id
        if self._window_until is None:
            self._window_until = now + self.throttle

    def next_deadline(self) -> float | None:
        times = [t for t in (self._hold_until, self._window_until) if t is not None]
        return min(times) if times else None

    def due(self, now: float, *, flush: bool = False) -> list[tuple[str, str]]:
        """The receipts to send now, as (kind, message Id), in the order to send them; `flush`
        ends the hold and the window at once (the participant is leaving)."""
        if self._hold_until is not None and (flush or now >= self._hold_until):
            held, self._held, self._hold_until = self._held, None, None
            if held is not None:
                self._delivered.add(held)
                if held not in self._read:
                    self._enter(now, DELIVERED, held)
        if self._window_until is None or (now < self._window_until and not flush) or self._latest is None:
            return []
        self._window_until = None
        latest, self._latest = self._latest, None
        out = [latest]
        if latest[0] == DELIVERED and self._unsent_read is not None:
            out.append((READ, self._unsent_read))
        self._unsent_read = None
        for sent in out:
            self._sent.add(sent)
        self.stats["receipts_sent"] += len(out)
        return out

    def sent_directly(self, kind: str, message_id: str) -> None:
        """A receipt sent without batching (receipts off): still known as the participant's own."""
        self._sent.add((kind, message_id))

    def is_own(self, item: Mapping[str, Any]) -> bool:
        """True for a receipt the participant sent itself, which is not shown back to it. Its own
        receipts seen on the socket or in the transcript (another tab, before a reconnect) also
        count as sent, so they are not sent again."""
        kind = receipt_kind(item)
        receipt = _first_receipt(item)
        message_id = _message_id(item)
        if kind is None or receipt is None or message_id is None:
            return False
        recipient = receipt.get("RecipientParticipantId")
        if self.participant_id is None and (kind, message_id) in self._sent and isinstance(recipient, str):
            self.participant_id = recipient  # the echo of our own receipt names us
        own = recipient is not None and recipient == self.participant_id
        if own:
            self._delivered.add(message_id)
            if kind == READ:
                self._read.add(message_id)
        return own

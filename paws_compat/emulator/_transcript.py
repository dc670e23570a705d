"""A chat's transcript: its items in time order, their indexes, and GetTranscript's paging rules.

Items are kept sorted by (millisecond, arrival) so that AbsoluteTime alone orders a chat, as
clients expect when they sort and page by it. NextTokens name the contact and the next item, so a
token is refused on another chat and survives items being added meanwhile.
"""

from __future__ import annotations

import base64
import binascii
import bisect
import hashlib
import json
from collections.abc import Iterator
from typing import Any

import attrs

from paws_compat.emulator._clock import iso, now, parse_iso
from paws_compat.emulator._errors import ApiError, invalid
from paws_compat.emulator._json import loads

# GetTranscript's model: MaxResults "Default: 10".
DEFAULT_PAGE = 10
# A NextToken is ours: small JSON, never nested.
_TOKEN_DEPTH = 2


def _forward_without_start() -> ApiError:
    # ScanDirection FORWARD needs a StartPosition. The service answers 400 ValidationException with
    # exactly this message to {"ScanDirection": "FORWARD", "StartPosition": {}} (reproduced by AWS
    # in amazon-connect-chatjs issue #19, 2020); chatjs's README (PR #21) then documented that
    # FORWARD is valid only with a StartPosition. An empty StartPosition counts as none.
    return invalid("Validation exception due to invalid parameter")


@attrs.define(eq=False, weakref_slot=True)
class Transcript:
    """Items of one contact, oldest first; one object owns every index over them."""

    contact_id: str
    _items: list[dict[str, Any]] = attrs.field(factory=list, repr=False)
    _keys: list[tuple[float, int]] = attrs.field(factory=list, repr=False)
    _by_id: dict[str, dict[str, Any]] = attrs.field(factory=dict, repr=False)
    _key_of: dict[str, tuple[float, int]] = attrs.field(factory=dict, repr=False)
    _seq: int = 0
    _last_posted: int = 0
    _last_stamp: str = ""
    _tag: str = attrs.field(init=False, repr=False)

    def __attrs_post_init__(self) -> None:
        self._tag = hashlib.sha256(self.contact_id.encode()).hexdigest()[:16]

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self._items)

    def __getitem__(self, index: Any) -> Any:
        return self._items[index]

    def get(self, item_id: str) -> dict[str, Any] | None:
        return self._by_id.get(item_id)

    def next_stamp(self) -> str:
        """AbsoluteTime for a new item: at least a millisecond after the previous one."""
        millisecond = max(int(now() * 1000), self._last_posted + 1)
        self._last_posted = millisecond
        self._last_stamp = iso(millisecond / 1000)
        return self._last_stamp

    def put(self, item: dict[str, Any]) -> dict[str, Any]:
        """Store an item (which has Id and AbsoluteTime); a known Id is updated in place."""
        known = self._by_id.get(item["Id"])
        if known is not None:
            known.clear()
            known.update(item)
            return known
        stamp = item["AbsoluteTime"]
        if stamp == self._last_stamp:  # the one next_stamp just made: no need to parse it back
            moment = self._last_posted / 1000
        else:
            moment = round(parse_iso(stamp) or now(), 3)
        self._seq += 1
        key = (moment, self._seq)
        position = bisect.bisect_right(self._keys, key)
        self._keys.insert(position, key)
        self._items.insert(position, item)
        self._key_of[item["Id"]] = key
        self._by_id[item["Id"]] = item
        return item

    # -- GetTranscript ---------------------------------------------------------------------------

    def page(self, body: dict[str, Any]) -> dict[str, Any]:
        """One GetTranscript answer (without InitialContactId) for a validated request body."""
        items = self._items
        max_results = body.get("MaxResults", DEFAULT_PAGE)
        sort = body.get("SortOrder", "DESCENDING")
        position = body.get("StartPosition") or {}
        next_token = body.get("NextToken")
        if next_token is not None:
            forward, start = self._resume(next_token)
        else:
            given = [name for name in ("Id", "AbsoluteTime", "MostRecent") if position.get(name) is not None]
            if len(given) > 1:
                raise invalid(
                    "StartPosition takes only one of Id, AbsoluteTime and MostRecent; got " + ", ".join(given)
                )
            # API reference: ScanDirection "Default: BACKWARD when no StartPosition is provided,
            # FORWARD with StartPosition".
            direction = body.get("ScanDirection", "FORWARD" if given else "BACKWARD")
            forward = direction == "FORWARD"
            if forward and not given:
                raise _forward_without_start()
            start = self._start(position, forward)
        step = 1 if forward else -1
        page: list[dict[str, Any]] = []
        index = start
        while 0 <= index < len(items) and len(page) < max_results:
            page.append(items[index])
            index += step
        ascending = page if forward else page[::-1]
        answer: dict[str, Any] = {"Transcript": ascending if sort == "ASCENDING" else ascending[::-1]}
        if 0 <= index < len(items):
            answer["NextToken"] = self._token(items[index]["Id"], forward)
        return answer

    def _start(self, position: dict[str, Any], forward: bool) -> int:
        if position.get("Id") is not None:
            if position["Id"] not in self._by_id:
                raise invalid(f"StartPosition.Id {position['Id']} is not an item of this chat")
            return self._index(position["Id"])
        if position.get("AbsoluteTime") is not None:
            moment = parse_iso(position["AbsoluteTime"])
            if moment is None:
                raise invalid(
                    "StartPosition.AbsoluteTime must be an ISO-8601 time, e.g. 2019-11-25T21:56:46.045Z"
                )
            # Times are compared at the millisecond the wire shows.
            cut = round(moment, 3)
            if forward:
                return bisect.bisect_left(self._keys, (cut, -1))
            return bisect.bisect_right(self._keys, (cut + 0.0009999, 1 << 62)) - 1
        if position.get("MostRecent") is not None:
            back: int = position["MostRecent"]
            return max(len(self._items) - 1 - back, 0)
        return 0 if forward else len(self._items) - 1

    def _token(self, item_id: str, forward: bool) -> str:
        raw = json.dumps({"c": self._tag, "i": item_id, "f": forward}, separators=(",", ":"))
        return base64.urlsafe_b64encode(raw.encode()).decode()

    def _resume(self, next_token: str) -> tuple[bool, int]:
        try:
            data = loads(base64.urlsafe_b64decode(next_token.encode()), _TOKEN_DEPTH)
            tag, item_id, forward = data["c"], data["i"], data["f"]
            if not (isinstance(tag, str) and isinstance(item_id, str) and isinstance(forward, bool)):
                raise TypeError
        except (ValueError, KeyError, TypeError, IndexError, binascii.Error):
            raise invalid(
                "NextToken is not valid; pass the NextToken of a previous GetTranscript call"
            ) from None
        if tag != self._tag or item_id not in self._by_id:
            raise invalid("NextToken does not belong to this chat")
        return forward, self._index(item_id)

    def _index(self, item_id: str) -> int:
        return bisect.bisect_left(self._keys, self._key_of[item_id])

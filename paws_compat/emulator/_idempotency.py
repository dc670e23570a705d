"""ClientToken idempotency, one rule for every operation that takes a ClientToken.

AWS's API reference for each of them (SendMessage, SendEvent, DisconnectParticipant,
StartAttachmentUpload, CompleteAttachmentUpload, StartChatContact, CreateParticipant): "A unique,
case-sensitive identifier that you provide to ensure the idempotency of the request." A retry with
the same token and the same request gets the first answer again; the same token with different
content is refused. SendEvent's model lists ConflictException for that; SendMessage's does not list
it, and the service's answer there is not documented, so (stricter) it is refused the same way
rather than the new content being dropped behind the first message's Id.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import attrs

from paws_compat.emulator._errors import ApiError

# Tokens remembered per owner (participant, contact or instance); the oldest are forgotten first.
DEFAULT_CAPACITY = 1000


@attrs.define
class ClientTokens:
    """Answers by ClientToken for one owner, with the request each answered."""

    conflict: str = "ConflictException"
    capacity: int = DEFAULT_CAPACITY
    _seen: OrderedDict[str, tuple[Any, Any]] = attrs.field(factory=OrderedDict, repr=False)

    def replay(self, token: str | None, request: Any) -> Any | None:
        """The first answer when `token` was seen with this request; None when it is new."""
        if not token or token not in self._seen:
            return None
        asked, answer = self._seen[token]
        if asked != request:
            raise ApiError(self.conflict, "ClientToken was already used for a different request")
        return answer

    def remember(self, token: str | None, request: Any, answer: Any) -> None:
        if not token:
            return
        self._seen[token] = (request, answer)
        self._seen.move_to_end(token)
        while len(self._seen) > self.capacity:
            self._seen.popitem(last=False)

    def forget(self, unwanted: Callable[[Any], bool]) -> None:
        """Drop the tokens whose answer `unwanted` picks (an ended chat being forgotten)."""
        for token in [t for t, (_asked, answer) in self._seen.items() if unwanted(answer)]:
            del self._seen[token]

    def __len__(self) -> int:
        return len(self._seen)

"""ClientToken idempotency, one rule for every operation that takes a ClientToken.

AWS's API reference for each of them (SendMessage, SendEvent, DisconnectParticipant,
StartAttachmentUpload, CompleteAttachmentUpload, StartChatContact, CreateParticipant, ...): "A
unique, case-sensitive identifier that you provide to ensure the idempotency of the request",
pointing to the Builders' Library article "Making retries safe with idempotent APIs". A retry with
the same token and the same request gets the first answer again. The same token with other content
is refused, as that article has AWS services do: it is a mistake of the caller's, and answering it
with the first request's result would drop the new content silently.

Which error the refusal is, is documented only through each operation's list of errors (botocore's
model, the same in the API reference), so it is taken from there and nothing is added to it:
ConflictException where the operation lists it (SendEvent, CompleteAttachmentUpload,
CreateParticipant), else the operation's error for bad input (SendMessage and
StartAttachmentUpload list no ConflictException: ValidationException; Amazon Connect's
StartChatContact and the like: InvalidRequestException).
"""

from __future__ import annotations

import functools
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import attrs

from paws_compat._model import load_model
from paws_compat.emulator._errors import ApiError

# Tokens remembered per owner (participant, contact or instance); the oldest are forgotten first.
DEFAULT_CAPACITY = 1000
# In order of preference, from the operation's own list of errors.
_REFUSALS = ("ConflictException", "ValidationException", "InvalidRequestException")


@functools.cache
def refusal_for(service: str, operation: str) -> str:
    """The error a reused ClientToken with other content gets from `operation` (see above)."""
    listed = {shape.error_code or shape.name for shape in load_model(service).operations[operation].errors}
    for code in _REFUSALS:
        if code in listed:
            return code
    raise LookupError(f"{service} {operation} lists none of {', '.join(_REFUSALS)}")


@attrs.define
class ClientTokens:
    """Answers by ClientToken for one owner, with the request each answered."""

    conflict: str = "ConflictException"
    capacity: int = DEFAULT_CAPACITY
    _seen: OrderedDict[str, tuple[Any, Any]] = attrs.field(factory=OrderedDict, repr=False)

    @classmethod
    def of(cls, service: str, operation: str) -> Callable[[], ClientTokens]:
        """A factory of tables for `operation`, refusing as its model says (for attrs fields; the
        model is read at the first table, not at import)."""

        def make() -> ClientTokens:
            return cls(conflict=refusal_for(service, operation))

        return make

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

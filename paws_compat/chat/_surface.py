"""What `ChatSession` and `AsyncChatSession` share: construction, handlers, state and sending.

The two differ in how a REST call is made (on the caller's thread, or awaited in an executor) and
how the engine is reached (through the session's own loop, or directly): each front-end supplies
`_call` (the call's result, or an awaitable of it), `_value` (a result known at once, in the same
form) and `_receipt`; everything else is written once here.
"""

from __future__ import annotations

import collections
import logging
import os
import time
from collections.abc import Callable
from typing import Any

import attrs

from . import _common
from ._common import ChatSessionError
from ._engine import Engine
from ._values import ChatConfig, State, TypingThrottle, argument_error, value_kind

logger = logging.getLogger("paws_compat.chat")


class SessionSurface:
    """The common surface of the two front-ends (not used on its own)."""

    _start_hint = "call start() first"
    _engine: Engine | None

    def __init__(
        self,
        client: Any,
        participant_token: str,
        connect_participant: bool = True,
        *,
        participant_id: str | None = None,
        config: ChatConfig | None = None,
        **overrides: Any,
    ) -> None:
        if not isinstance(participant_token, str) or not participant_token:
            raise argument_error(
                "participant_token",
                f"is {value_kind(participant_token)}",
                "give the ParticipantToken that StartChatContact or CreateParticipant returned",
            )
        if not isinstance(connect_participant, bool):
            raise argument_error(
                "connect_participant", f"is {value_kind(connect_participant)}", "give True or False"
            )
        if config is not None and not isinstance(config, ChatConfig):
            raise argument_error(
                "config", f"is {value_kind(config)}", "give a ChatConfig, or None for the defaults"
            )
        fields = attrs.fields_dict(ChatConfig)
        unknown = sorted(set(overrides) - set(fields))
        if unknown:
            raise argument_error(
                unknown[0], "is not a setting of a chat session", f"a ChatConfig field: {', '.join(fields)}"
            )
        base = config if config is not None else ChatConfig()
        self.config = attrs.evolve(base, **overrides) if overrides else base
        self.client = client
        self._participant_token = participant_token
        self._connect_participant = connect_participant
        self._participant_id = participant_id  # known from StartChatContact; else learned (receipts)
        self._handlers: dict[str, list[Callable[[Any], Any]]] = collections.defaultdict(list)
        self._state = State.IDLE
        self._typing = TypingThrottle(self.config.typing_throttle)
        self._engine = None
        self._closed = False
        self._queue_dropped = 0
        self._init_front()

    def _init_front(self) -> None:
        """A front-end's own state (its queue, its loop or executor), made at the end of __init__:
        a front-end that takes no arguments of its own need not restate the signature."""

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self._state.value}>"

    def _new_engine(self, **io: Any) -> Engine:
        return Engine(
            self.client,
            self._participant_token,
            self.config,
            connect_participant=self._connect_participant,
            participant_id=self._participant_id,
            **io,
        )

    # --- front-end specific -------------------------------------------------------------------------

    def _call(self, function: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError

    def _value(self, value: Any) -> Any:
        raise NotImplementedError

    def _receipt(self, kind: str, message_id: str) -> Any:
        raise NotImplementedError

    # --- state --------------------------------------------------------------------------------------

    @property
    def state(self) -> State:
        return self._state

    @property
    def ended(self) -> bool:
        """True once the chat ended (for this participant) or the session broke or was closed."""
        return self._state.terminal

    @property
    def stats(self) -> dict[str, int]:
        stats = dict(self._engine.proto.stats) if self._engine is not None else {}
        stats["queue_dropped"] = self._queue_dropped
        return stats

    def _dropped_oldest(self) -> None:
        """The queue reached config.queue_max and its oldest entry went: said, and counted."""
        self._queue_dropped += 1
        if self._queue_dropped == 1 or self._queue_dropped % 1000 == 0:
            logger.warning(
                "chat: %d queued entries dropped, oldest first: nothing polled them (queue_max=%d); "
                "transcript_all() still has every item",
                self._queue_dropped,
                self.config.queue_max,
            )

    # --- handlers -----------------------------------------------------------------------------------

    def on(self, kind: str, handler: Callable[[Any], Any] | None = None) -> Any:
        """Register a handler; usable as a decorator. Kinds: message, typing, joined, left,
        chat_ended, attachment, read and delivered (receipts from the others), update, item (every
        item), connection_lost, connection_regained, connection_broken, and deep_heartbeat_success
        / deep_heartbeat_failure (each aws/ping answer, or its absence, with the reason: what
        chatjs's onDeepHeartbeatSuccess/Failure report)."""
        _common.check_kind(kind)
        if handler is None:
            return lambda function: self.on(kind, function)
        self._handlers[kind].append(handler)
        return handler

    # --- sending --------------------------------------------------------------------------------------

    def _token(self) -> str:
        # Like a closed file: a closed session sends nothing (disconnect() alone still may leave).
        if self._closed:
            raise ChatSessionError("the session was closed: create a new one to send or read")
        return self._connection_token()

    def _connection_token(self) -> str:
        token = self._engine.proto.connection_token if self._engine is not None else None
        if token is None:
            raise ChatSessionError(f"the session has no connection yet: {self._start_hint}")
        return token

    def send_message(self, content: str, content_type: str = "text/plain") -> Any:
        return self._call(_common.send_message, self.client, self._token(), content, content_type)

    def send_event(self, content_type: str, content: str | None = None) -> Any:
        return self._call(_common.send_event, self.client, self._token(), content_type, content)

    def send_typing(self) -> Any:
        """A typing event, at most once per `typing_throttle` seconds; None when held back."""
        if not self._typing.allow(time.monotonic()):
            return self._value(None)
        return self._call(_common.send_typing, self.client, self._token())

    def send_read_receipt(self, message_id: str) -> Any:
        return self._receipt("read", _common.check_message_id(message_id))

    def send_delivered_receipt(self, message_id: str) -> Any:
        return self._receipt("delivered", _common.check_message_id(message_id))

    send_read_receipt.__doc__ = send_delivered_receipt.__doc__ = _common.RECEIPTS_DOC

    def send_attachment(
        self, source: str | bytes | os.PathLike[str], name: str | None = None, content_type: str | None = None
    ) -> Any:
        """Upload a file (a path, or bytes with a name); returns the AttachmentId."""
        return self._call(_common.send_attachment, self.client, self._token(), source, name, content_type)

    def get_attachment(self, attachment_id: str, **kwargs: Any) -> Any:
        return self._call(
            self.client.get_attachment, AttachmentId=attachment_id, ConnectionToken=self._token(), **kwargs
        )

    def download_attachment(self, attachment_id: str) -> Any:
        """An attachment's bytes: its pre-signed URL fetched with the client's network policy."""
        return self._call(_common.download_attachment, self.client, self._token(), attachment_id)

    def transcript(self, **kwargs: Any) -> Any:
        """One GetTranscript page (arguments as the client's get_transcript, without the token)."""
        return self._call(_common.transcript_page, self.client, self._token(), **kwargs)

    def transcript_all(self) -> Any:
        """The whole transcript, oldest first."""
        return self._call(_common.transcript_all, self.client, self._token())

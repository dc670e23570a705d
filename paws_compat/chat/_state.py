"""What the protocol's parts share: the state of one participant's connection, declared once.

`ChatProtocol` is made of `_sockets.SocketRules` (each websocket: subscribe, heartbeats,
rotation), `_fills.FillRules` (gap fills with GetTranscript) and its own connection rules; each
part reads and changes this state, and the methods of the others it calls are declared here for
type checkers only.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Any

import attrs

from ._delivery import Delivery
from ._receipts import ReceiptBatcher
from ._values import Action, ChatConfig, Event, State


class _Phase(enum.Enum):
    OPENING = "opening"
    SUBSCRIBING = "subscribing"
    LIVE = "live"


@attrs.define
class _Socket:
    socket_id: int
    phase: _Phase = _Phase.OPENING
    opened_at: float = 0.0
    subscribe_sends: int = 0
    subscribe_unanswered: int = 0
    subscribe_failures: int = 0
    resend_after_failure: bool = False
    subscribe_due: float | None = None
    heartbeat_due: float | None = None
    heartbeat_outstanding: bool = False
    ping_outstanding: bool = False
    stable: bool = False  # live `stable_after` (at most a heartbeat interval), its heartbeat answered
    live_since: float | None = None
    linger_until: float | None = None  # replaced by a rotation: read until then, then closed


@attrs.define
class _Fill:
    request_id: int | None
    start_id: str | None
    next_token: str | None = None
    pages: int = 0
    attempts: int = 0
    retry_at: float | None = None
    started_at: float = 0.0
    final: bool = False  # the last fill before ENDED (the chat ended while we were away)
    history: bool = False  # reads the history the application did not ask for: noted, not delivered
    # A backward read's pages come newest first: held, then taken oldest first when it ends, so
    # that items of the same millisecond keep the transcript's order.
    held: list[list[dict[str, Any]]] = attrs.field(factory=list)


class ProtocolState:
    """The attributes of a ChatProtocol (set in its __init__)."""

    config: ChatConfig
    state: State
    end_reason: str
    connection_token: str | None
    stats: dict[str, int]
    heartbeat_late_max: float
    receipts: ReceiptBatcher
    delivery: Delivery
    _actions: list[Action]
    _events: list[Event]
    _sockets: dict[int, _Socket]
    _primary: int | None
    _candidate: int | None
    _socket_wanted: bool
    _connection_request: int | None
    _connection_retry_at: float | None
    _connection_attempts: int
    _quick_reconnect_spent: bool
    _rotation_due: float | None
    _rotation_failures: int
    _outage_since: float | None
    _lost_announced: bool
    _ever_subscribed: bool
    _fill: _Fill | None
    _fill_again: bool
    _last_now: float | None

    if TYPE_CHECKING:

        def _observe(self, now: float) -> bool: ...
        def _after_change(self, now: float) -> None: ...
        def _new_id(self) -> int: ...
        def _accept(self, now: float, item: dict[str, Any]) -> None: ...
        def _release(self, now: float, *, force: bool = False) -> None: ...
        def _begin_outage(self, now: float, reason: str) -> None: ...
        def _reconnect(self, now: float) -> None: ...
        def _request_connection(self, now: float) -> None: ...
        def _schedule_connection_retry(self, now: float) -> None: ...
        def _backoff(self, attempt: int) -> float: ...
        def _break(self, now: float, reason: str) -> None: ...
        def _end_with_synthetic(self, now: float, reason: str) -> None: ...
        def _forget_socket(self, socket_id: int) -> None: ...
        def _start_fill(self, now: float, *, history: bool = False) -> None: ...
        def _open(self, now: float, url: str) -> None: ...
        def _chat_ended_remotely(self, now: float, reason: str) -> None: ...

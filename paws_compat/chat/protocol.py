"""The chat session's decisions, with no I/O: frames, REST outcomes and a clock in; actions out.

Every rule of websocket.md lives in this machine and nowhere else: subscribe and its resend rules,
ping and heartbeat, dead-socket detection, make-before-break rotation (`_sockets`), ConnectionToken
refresh, reconnect with backoff and jitter, "403 after a drop means the chat ended" (here), gap
filling with GetTranscript (`_fills`), dedup by Id, updates of known Ids and ordering by
AbsoluteTime (`_delivery`), receipts (`_receipts`). Front-ends (`sync`, `aio`) only carry out the
actions and feed back what happened, so the whole behaviour is testable with a fake clock and no
sockets.

Times given to the machine (`now`) are monotonic seconds; wall-clock expiries are converted to
"seconds left" by `Grant.from_response` before they enter.
"""

from __future__ import annotations

import random as _random
from collections.abc import Callable
from typing import Any

from ._connections import ConnectionRules
from ._delivery import Delivery
from ._fills import FillRules
from ._frames import FRAME_DEPTH_MAX, item_from_frame, parse_frame
from ._receipts import ReceiptBatcher
from ._sockets import SocketRules
from ._state import _Phase, _Socket
from ._values import (
    CHAT_ENDED_CONTENT_TYPE,
    CONNECTION_KINDS,
    DELIVERED_CONTENT_TYPE,
    EVENT_PREFIX,
    HEARTBEAT_FRAME,
    ITEM_KINDS,
    PING_FRAME,
    READ_CONTENT_TYPE,
    SUBSCRIBE_FRAME,
    TYPING_CONTENT_TYPE,
    URL_LIFETIME,
    Action,
    ChatConfig,
    CloseSocket,
    ConnectionEvent,
    Event,
    Failure,
    FetchTranscript,
    Grant,
    ItemEvent,
    OpenSocket,
    RequestConnection,
    SendFrame,
    SendReceipt,
    State,
    TypingThrottle,
    classify,
)

__all__ = [
    "CHAT_ENDED_CONTENT_TYPE",
    "CONNECTION_KINDS",
    "DELIVERED_CONTENT_TYPE",
    "EVENT_PREFIX",
    "FRAME_DEPTH_MAX",
    "HEARTBEAT_FRAME",
    "ITEM_KINDS",
    "PING_FRAME",
    "READ_CONTENT_TYPE",
    "SUBSCRIBE_FRAME",
    "TYPING_CONTENT_TYPE",
    "URL_LIFETIME",
    "Action",
    "ChatConfig",
    "ChatProtocol",
    "CloseSocket",
    "ConnectionEvent",
    "Event",
    "Failure",
    "FetchTranscript",
    "Grant",
    "ItemEvent",
    "OpenSocket",
    "RequestConnection",
    "SendFrame",
    "SendReceipt",
    "State",
    "TypingThrottle",
    "classify",
    "item_from_frame",
    "parse_frame",
]

_Timer = tuple[float, Callable[[float, Any], None], Any]  # (when, duty(now, subject), subject)


class ChatProtocol(ConnectionRules, SocketRules, FillRules):
    """The state machine of one participant's chat connection.

    Feed it with the input methods (each takes `now`, monotonic seconds), call `tick(now)` at
    `next_deadline()` at the latest, and carry out `take_actions()`; `take_events()` returns what
    the application should see, in delivery order.
    """

    def __init__(
        self,
        config: ChatConfig | None = None,
        *,
        connect_participant: bool = True,
        participant_id: str | None = None,
        random: Callable[[], float] = _random.random,
    ) -> None:
        self.config = config if config is not None else ChatConfig()
        self._connect_participant = connect_participant
        self._random = random
        self.state = State.IDLE
        self.end_reason = ""
        self.connection_token: str | None = None
        self._token_refresh_at: float | None = None
        self._short_tokens = 0  # grants in a row whose token was too short-lived to wait for
        self._next_id = 0
        self._actions: list[Action] = []
        self._events: list[Event] = []
        self._sockets: dict[int, _Socket] = {}
        self._primary: int | None = None
        self._candidate: int | None = None
        self._connection_request: int | None = None
        self._connection_types: tuple[str, ...] = ()
        self._socket_wanted = False
        self._connection_attempts = 0  # failed tries since the last connection that proved stable
        self._quick_reconnect_spent = False  # the one immediate reconnect per stable period
        self._stale_url_refused = False  # the last URL looked expired and was not opened
        self._connection_retry_at: float | None = None
        self._rotation_due: float | None = None
        self._rotation_failures = 0  # rotation attempts in a row whose new socket failed
        self._outage_since: float | None = None
        self._lost_announced = False
        self._fill = None
        self._fill_again = False
        self._ever_subscribed = False
        self._last_now: float | None = None
        self._frozen = False
        self.stats = {
            "frames": 0,
            "frames_skipped": 0,
            "items": 0,
            "duplicates": 0,
            "updates": 0,
            "reconnects": 0,
            "rotations": 0,
            "fills": 0,
            "fill_pages": 0,
            "connection_requests": 0,
            "heartbeats": 0,
        }
        self.heartbeat_late_max = 0.0  # how late the most belated heartbeat went out (seconds)
        self.receipts = ReceiptBatcher(
            hold=self.config.receipt_hold,
            throttle=self.config.receipt_throttle,
            ids_max=self.config.receipt_ids_max,
            participant_id=participant_id,
            stats=self.stats,
        )
        self.delivery = Delivery(self.config, self.stats, self.receipts.is_own)

    # --- public inputs --------------------------------------------------------------------------

    def start(self, now: float) -> None:
        if self.state is not State.IDLE:
            return
        self._observe(now)
        self.state = State.CONNECTING
        self._outage_since = now
        self._want_socket(now)

    # --- the timers: one table for tick() and next_deadline() ----------------------------------

    def _timers(self) -> list[_Timer]:
        """Every timed duty as (when, duty, subject), in the order tick() runs the due ones;
        next_deadline() is the earliest of them. Each duty checks again that it still applies
        (a socket duty that its socket is still there and not lingering)."""
        timers: list[_Timer] = []
        if self.state.terminal:
            return timers
        config = self.config
        for sock in self._sockets.values():
            if sock.linger_until is not None:
                timers.append((sock.linger_until, self._linger_timer, sock))
                continue
            if sock.subscribe_due is not None:
                timers.append((sock.subscribe_due, self._subscribe_timer, sock))
            if sock.heartbeat_due is not None:
                timers.append((sock.heartbeat_due, self._heartbeat_timer, sock))
            stable_at = None if sock.heartbeat_outstanding else self._stable_at(sock)
            if stable_at is not None:
                timers.append((stable_at, self._check_stable, sock))
        idle = self._connection_request is None and self._connection_retry_at is None
        if self._connection_retry_at is not None:
            timers.append((self._connection_retry_at, self._connection_retry_timer, None))
        if self._rotation_due is not None and idle and self._candidate is None:
            timers.append((self._rotation_due, self._rotation_timer, None))
        if self._token_refresh_at is not None and idle:
            timers.append((self._token_refresh_at, self._token_refresh_timer, None))
        fill = self._fill
        if fill is not None and fill.retry_at is not None and fill.request_id is None:
            timers.append((fill.retry_at, self._fill_retry_timer, None))
        release_at = self.delivery.release_at(self._hold_until())
        if release_at is not None:
            timers.append((release_at, self._release_timer, None))
        receipts_at = self.receipts.next_deadline()
        if receipts_at is not None:
            timers.append((receipts_at, self._receipts_timer, None))
        if config.give_up_after is not None and self._outage_since is not None:
            timers.append((self._outage_since + config.give_up_after, self._give_up_timer, None))
        return timers

    def tick(self, now: float) -> None:
        self._observe(now)
        frozen, self._frozen = self._frozen, False
        if self.state.terminal:
            self._release(now, force=True)
            return
        if frozen:
            self._thaw(now)
        for when, duty, subject in self._timers():
            if self.state.terminal:
                return
            if when > now:
                continue
            if isinstance(subject, _Socket) and not self._current(subject, duty):
                continue
            duty(now, subject)
        if not self.state.terminal:
            self._after_change(now)

    def next_deadline(self) -> float | None:
        """When `tick` must run next (monotonic seconds), or None when nothing is timed."""
        return min((timer[0] for timer in self._timers()), default=None)

    def _thaw(self, now: float) -> None:
        """We were not running (a frozen process, a paused R session): answers may be waiting
        unread, so ask again and judge each socket a short while later instead."""
        grace = min(self.config.freeze_grace, self.config.heartbeat_interval)
        for sock in self._sockets.values():
            if sock.linger_until is not None or sock.phase is _Phase.OPENING:
                continue
            sock.heartbeat_outstanding = False
            self._send_heartbeat(now, sock)
            sock.heartbeat_due = now + grace
            if sock.subscribe_due is not None:
                sock.subscribe_due = now + self.config.freeze_grace

    def _current(self, sock: _Socket, duty: Callable[[float, Any], None]) -> bool:
        """A socket's duty still applies: the socket is there, and lingering only for its end."""
        if self._sockets.get(sock.socket_id) is not sock:
            return False
        return sock.linger_until is None or duty == self._linger_timer

    def _linger_timer(self, now: float, sock: _Socket) -> None:
        self._forget_socket(sock.socket_id)

    def _receipts_timer(self, now: float, _subject: None) -> None:
        self._send_receipts(self.receipts.due(now))

    def _release_timer(self, now: float, _subject: None) -> None:
        self._release(now)

    def _heartbeat_timer(self, now: float, sock: _Socket) -> None:
        if sock.ping_outstanding:
            sock.ping_outstanding = False
            self._events.append(
                ConnectionEvent("deep_heartbeat_failure", "aws/ping response is not received")
            )
        if sock.heartbeat_outstanding:
            self._socket_gone(now, sock.socket_id, "heartbeat unanswered")
            return
        self._check_stable(now, sock)
        self._send_heartbeat(now, sock)

    def _connection_retry_timer(self, now: float, _subject: None) -> None:
        if self._connection_retry_at is not None and now >= self._connection_retry_at:
            self._connection_retry_at = None
            self._request_connection(now)

    def _rotation_timer(self, now: float, _subject: None) -> None:
        if self._rotation_due is None or self._candidate is not None or self._connection_request is not None:
            return
        if self._connection_retry_at is not None:
            return
        self._rotation_due = None
        self.stats["rotations"] += 1
        self._want_socket(now)

    def _token_refresh_timer(self, now: float, _subject: None) -> None:
        if self._connection_request is None and self._connection_retry_at is None:
            self._request_connection(now)

    def _fill_retry_timer(self, now: float, _subject: None) -> None:
        fill = self._fill
        if (
            fill is not None
            and fill.retry_at is not None
            and fill.request_id is None
            and now >= fill.retry_at
        ):
            fill.retry_at = None
            self._fetch(fill)

    def _give_up_timer(self, now: float, _subject: None) -> None:
        since, limit = self._outage_since, self.config.give_up_after
        if since is not None and limit is not None and now - since >= limit:
            self._break(now, "could not reconnect in time")

    # --- receipts -------------------------------------------------------------------------------

    def ask_receipt(self, now: float, kind: str, message_id: str) -> bool:
        """The application wants a `read` or `delivered` receipt sent for `message_id`; False when
        it repeats one already sent or on its way (nothing more is sent)."""
        self._observe(now)
        if self.state.terminal:
            return False
        asked = self.receipts.ask(now, kind, message_id)
        self._send_receipts(self.receipts.due(now))
        return asked

    def flush_receipts(self, now: float) -> None:
        """Send what is held or batched now (before leaving the chat: a receipt asked for is sent)."""
        self._observe(now)
        if self.state.terminal:
            return
        self._send_receipts(self.receipts.due(now, flush=True))

    def _send_receipts(self, receipts: list[tuple[str, str]]) -> None:
        for kind, message_id in receipts:
            self._actions.append(SendReceipt(self._new_id(), kind, message_id))

    # --- the end and the outputs ----------------------------------------------------------------

    def close(self, now: float, reason: str = "closed by the application") -> None:
        """Stop: close every socket, deliver what is buffered, and do nothing more."""
        self._observe(now)
        if self.state.terminal:
            return
        self._finish(now, State.CLOSED, reason)
        self._events.append(ConnectionEvent("closed", reason))

    def take_actions(self) -> list[Action]:
        actions, self._actions = self._actions, []
        return actions

    def take_events(self) -> list[Event]:
        events, self._events = self._events, []
        return events

    @property
    def connected(self) -> bool:
        return self.state is State.CONNECTED

    @property
    def busy(self) -> bool:
        """True while items are held back (reordering, or waiting for a gap fill)."""
        return self.delivery.holding or self._fill is not None

    def known(self, item_id: str) -> bool:
        return self.delivery.known(item_id)

    # --- connections ------------------------------------------------------------------------------

    def _new_id(self) -> int:
        self._next_id += 1
        return self._next_id

    def _end_with_synthetic(self, now: float, reason: str) -> None:
        if self.state.terminal:
            return
        self._release(now, force=True)
        if self.state.terminal:
            return
        item = {
            "Id": "",
            "Type": "EVENT",
            "ContentType": CHAT_ENDED_CONTENT_TYPE,
            "ParticipantRole": "SYSTEM",
        }
        self._events.append(ItemEvent("chat_ended", item, synthetic=True))
        self._finish(now, State.ENDED, reason)

    def _break(self, now: float, reason: str) -> None:
        self._finish(now, State.BROKEN, reason)
        self._events.append(ConnectionEvent("connection_broken", reason))

    def _finish(self, now: float, state: State, reason: str) -> None:
        self._release(now, force=True)
        self.state = state
        self.end_reason = self.end_reason or reason
        for socket_id in list(self._sockets):
            self._forget_socket(socket_id)
        self._connection_request = None
        self._connection_retry_at = None
        self._socket_wanted = False
        self._rotation_due = None
        self._fill = None
        self._outage_since = None

    # --- items ------------------------------------------------------------------------------------

    def _accept(self, now: float, item: dict[str, Any]) -> None:
        if self.delivery.accept(now, item) and (self._fill is None or self._fill.history):
            # Nothing follows the end: deliver what we have, in order, and stop.
            self._release(now, force=True)

    def _hold_until(self) -> float | None:
        """While a gap fill runs (not the history read), older items may still come: hold."""
        fill = self._fill
        if fill is None or fill.history:
            return None
        hold_until = fill.started_at + self.config.fill_hold_max
        return hold_until if self._last_now is None or hold_until > self._last_now else None

    def _release(self, now: float, *, force: bool = False) -> None:
        events, ended = self.delivery.release(
            now, hold_until=None if force else self._hold_until(), force=force
        )
        self._events.extend(events)
        if ended and not self.state.terminal:
            self._finish(now, State.ENDED, "the chat ended")

    # --- bookkeeping ------------------------------------------------------------------------------

    def _observe(self, now: float) -> bool:
        """Note the time; True when the clock jumped (we were frozen) since the last input."""
        last = self._last_now
        self._last_now = now if last is None else max(last, now)
        if last is not None and now - last > self.config.heartbeat_interval * 1.5:
            self._frozen = True
            return True
        return False

    def _after_change(self, now: float) -> None:
        self._release(now)

"""The chat session's decisions, with no I/O: frames, REST outcomes and a clock in; actions out.

Every rule of websocket.md lives here and nowhere else: subscribe and its resend rules, ping and
heartbeat, dead-socket detection, make-before-break rotation, ConnectionToken refresh, reconnect
with backoff and jitter, "403 after a drop means the chat ended", gap filling with GetTranscript,
dedup by Id, updates of known Ids and ordering by AbsoluteTime. Front-ends (`sync`, `aio`) only
carry out the actions and feed back what happened, so the whole behaviour is testable with a fake
clock and no sockets.

Times given to the machine (`now`) are monotonic seconds; wall-clock expiries are converted to
"seconds left" by `Grant.from_response` before they enter.
"""

from __future__ import annotations

import bisect
import enum
import heapq
import json
import logging
import random as _random
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs

from .._timestamps import parse_instant
from ._receipts import ReceiptBatcher, receipt_kind
from ._streaming import Stitcher

logger = logging.getLogger("paws_compat.chat")

SUBSCRIBE_FRAME = json.dumps({"topic": "aws/subscribe", "content": {"topics": ["aws/chat"]}})
PING_FRAME = json.dumps({"topic": "aws/ping"})
HEARTBEAT_FRAME = json.dumps({"topic": "aws/heartbeat"})

EVENT_PREFIX = "application/vnd.amazonaws.connect.event."
CHAT_ENDED_CONTENT_TYPE = EVENT_PREFIX + "chat.ended"
TYPING_CONTENT_TYPE = EVENT_PREFIX + "typing"
READ_CONTENT_TYPE = EVENT_PREFIX + "message.read"
DELIVERED_CONTENT_TYPE = EVENT_PREFIX + "message.delivered"

# Item kinds a front-end dispatches to handlers, from the event's ContentType suffix.
_EVENT_KINDS = {
    "typing": "typing",
    "participant.joined": "joined",
    "participant.left": "left",
    "participant.idle": "idle",
    "participant.returned": "returned",
    "chat.ended": "chat_ended",
    "message.delivered": "delivered",
    "message.read": "read",
    "message.metadata": "metadata",
    "transfer.succeeded": "transfer",
    "transfer.failed": "transfer",
    "connection.acknowledged": "connection_ack",
}
# The transcript's Type values name the event themselves (the socket says EVENT instead).
_TYPE_KINDS = {
    "MESSAGE": "message",
    "ATTACHMENT": "attachment",
    "MESSAGEMETADATA": "metadata",
    "TYPING": "typing",
    "PARTICIPANT_JOINED": "joined",
    "PARTICIPANT_LEFT": "left",
    "CHAT_ENDED": "chat_ended",
    "TRANSFER_SUCCEEDED": "transfer",
    "TRANSFER_FAILED": "transfer",
    "CONNECTION_ACK": "connection_ack",
    "MESSAGE_DELIVERED": "delivered",
    "MESSAGE_READ": "read",
}
ITEM_KINDS = frozenset({"message", "attachment", "event", *_EVENT_KINDS.values()})
CONNECTION_KINDS = frozenset(
    {
        "connection_lost",
        "connection_regained",
        "connection_broken",
        "closed",
        # Each aws/ping answer (chatjs's onDeepHeartbeatSuccess/Failure): 200, or why not.
        "deep_heartbeat_success",
        "deep_heartbeat_failure",
    }
)
# Kinds GetTranscript is known to keep, so a gap fill can start from their Id.
_ANCHOR_KINDS = frozenset({"message", "attachment", "joined", "left", "transfer", "chat_ended"})


def classify(item: Mapping[str, Any]) -> str:
    """The handler kind of an item: message, typing, joined, left, chat_ended, ... or event."""
    content_type = str(item.get("ContentType") or "")
    kind = None
    if content_type.startswith(EVENT_PREFIX):
        kind = _EVENT_KINDS.get(content_type[len(EVENT_PREFIX) :], "event")
    else:
        kind = _TYPE_KINDS.get(str(item.get("Type") or ""))
    if kind == "metadata":
        # A receipt comes as MESSAGEMETADATA; its receipt says which (chatjs: read wins).
        return receipt_kind(item) or "metadata"
    if kind is not None:
        return kind
    return "event" if item.get("Type") == "EVENT" else "message"


_positive: Any = attrs.validators.gt(0)  # for int and float fields alike
_not_negative: Any = attrs.validators.ge(0)


@attrs.frozen(kw_only=True)
class ChatConfig:
    """Every interval of a session. Defaults follow websocket.md; tests shrink them to run fast."""

    heartbeat_interval: float = attrs.field(default=10.0, validator=_positive)
    subscribe_ack_timeout: float = attrs.field(default=1.0, validator=_positive)
    subscribe_max_sends: int = attrs.field(default=4, validator=_positive)
    subscribe_failure_retry: float = attrs.field(default=0.5, validator=_positive)
    subscribe_failure_max: int = attrs.field(default=5, validator=_positive)
    rotate_after: float = attrs.field(default=59 * 60.0, validator=_positive)
    rotation_linger: float = attrs.field(default=5.0, validator=_not_negative)
    url_open_margin: float = attrs.field(default=1.0, validator=_not_negative)
    token_refresh_margin: float = attrs.field(default=60.0, validator=_not_negative)
    reconnect_initial: float = attrs.field(default=1.0, validator=_positive)
    reconnect_max: float = attrs.field(default=30.0, validator=_positive)
    # A live socket whose heartbeat was answered counts as stable after this long (at most a
    # heartbeat interval): the backoff starts over and the next drop reconnects at once.
    stable_after: float = attrs.field(default=3.0, validator=_positive)
    give_up_after: float | None = attrs.field(default=None, validator=attrs.validators.optional(_positive))
    open_timeout: float = attrs.field(default=10.0, validator=_positive)
    request_timeout: float = attrs.field(default=30.0, validator=_positive)
    reorder_window: float = attrs.field(default=0.1, validator=_not_negative)
    fill_page_size: int = attrs.field(default=100, validator=_positive)
    fill_max_pages: int = attrs.field(default=1000, validator=_positive)
    fill_hold_max: float = attrs.field(default=10.0, validator=_not_negative)
    anchor_slack: float = attrs.field(default=10.0, validator=_not_negative)
    deliver_history: bool = True
    known_ids_max: int = attrs.field(default=200_000, validator=_positive)
    typing_throttle: float = attrs.field(default=10.0, validator=_not_negative)
    freeze_grace: float = attrs.field(default=2.0, validator=_positive)
    # A frame longer than this is skipped (the service's items are a few KiB at most).
    max_frame_bytes: int = attrs.field(default=1 << 20, validator=_positive)
    # Receipts as chatjs sends them (see _receipts): deduplicated, a delivered one held
    # `receipt_hold` for a read to supersede it, then batched per `receipt_throttle`. Off: each
    # receipt is sent at once, as asked.
    receipts: bool = True
    # disconnect() waits this long for chat.ended (what the service sends after a customer leaves,
    # a survey say, still arrives); close() returns within about this long.
    leave_timeout: float = attrs.field(default=10.0, validator=_positive)
    close_timeout: float = attrs.field(default=5.0, validator=_positive)
    receipt_hold: float = attrs.field(default=0.3, validator=_not_negative)
    receipt_throttle: float = attrs.field(default=5.0, validator=_not_negative)
    receipt_ids_max: int = attrs.field(default=10_000, validator=_positive)

    @classmethod
    def fast(cls, **overrides: Any) -> ChatConfig:
        """Intervals about 20 times shorter than the service's: for tests and benches."""
        values: dict[str, Any] = {
            "heartbeat_interval": 0.5,
            "subscribe_ack_timeout": 0.25,
            "subscribe_failure_retry": 0.1,
            "reconnect_initial": 0.05,
            "reconnect_max": 0.5,
            "reorder_window": 0.05,
            "rotation_linger": 0.5,
            "fill_hold_max": 3.0,
            "typing_throttle": 0.5,
            "freeze_grace": 0.5,
            "token_refresh_margin": 1.0,
            "url_open_margin": 0.2,
            "open_timeout": 5.0,
            "request_timeout": 10.0,
            "receipt_hold": 0.05,
            "receipt_throttle": 0.25,
        }
        values.update(overrides)
        return cls(**values)


# --- inputs -------------------------------------------------------------------------------------


URL_LIFETIME = 100.0  # websocket.md: a URL must be opened within 100 s of being handed out
_CLOCK_TOLERANCE = 2.0


@attrs.frozen
class Grant:
    """What one CreateParticipantConnection gave: a URL and/or a ConnectionToken, with their lives.

    `clock_ahead` is how far the local wall clock was found ahead of the service's (0 when it
    looked right); pass it to the next `from_response`, whose answer may carry no URL to judge by.
    """

    url: str | None = attrs.field(default=None, repr=False)
    url_expires_in: float | None = None
    connection_token: str | None = attrs.field(default=None, repr=False)
    token_expires_in: float | None = None
    clock_ahead: float = 0.0

    @classmethod
    def from_response(
        cls,
        response: Mapping[str, Any],
        wall_now: float,
        *,
        request_seconds: float = 0.0,
        clock_ahead: float = 0.0,
    ) -> Grant:
        """Read a CreateParticipantConnection result (Record or dict); `wall_now` is time.time()
        when it arrived, `request_seconds` how long the call took.

        The expiries are the service's wall-clock instants, and a PC's clock can be minutes off. A
        fresh URL cannot have expired longer ago than the call took, nor live longer than
        documented: when it seems to, the local clock is wrong, so the service's time is taken from
        the URL's documented life instead (and kept for the ConnectionToken too).
        """
        websocket = response.get("Websocket") or {}
        credentials = response.get("ConnectionCredentials") or {}
        url = websocket.get("Url") or None
        token = credentials.get("ConnectionToken") or None
        url_expiry = parse_instant(websocket.get("ConnectionExpiry") or None)
        token_expiry = parse_instant(credentials.get("Expiry") or None)
        if url_expiry is not None:
            left = url_expiry - wall_now
            plausible = -(request_seconds + _CLOCK_TOLERANCE) <= left <= URL_LIFETIME + _CLOCK_TOLERANCE
            clock_ahead = 0.0 if plausible else URL_LIFETIME - left
        service_now = wall_now - clock_ahead
        return cls(
            url=url,
            url_expires_in=None if url_expiry is None else url_expiry - service_now,
            connection_token=token,
            token_expires_in=None if token_expiry is None else token_expiry - service_now,
            clock_ahead=clock_ahead,
        )


class Failure(enum.Enum):
    """How a REST call failed, as far as the session's decisions go."""

    DENIED = "denied"  # 403: the chat or the participant ended (or the token is no longer valid)
    RETRYABLE = "retryable"  # throttling, 5xx, network: try again later
    FATAL = "fatal"  # validation, not found, ...: retrying cannot help


# --- outputs ------------------------------------------------------------------------------------


@attrs.frozen
class RequestConnection:
    """Call CreateParticipantConnection with the ParticipantToken; answer with connection_granted."""

    request_id: int
    types: tuple[str, ...]
    connect_participant: bool


@attrs.frozen
class OpenSocket:
    """Open a websocket to `url`; answer with socket_opened, or socket_failed if it cannot open."""

    socket_id: int
    url: str = attrs.field(repr=False)


@attrs.frozen
class SendFrame:
    socket_id: int
    text: str


@attrs.frozen
class CloseSocket:
    """Close the socket (and stop reading it); the machine has already forgotten it."""

    socket_id: int
    code: int = 1000


@attrs.frozen
class FetchTranscript:
    """Call GetTranscript with `arguments()`: FORWARD from `start_id`, a known item, or BACKWARD
    from the newest when there is none. The service refuses FORWARD without a StartPosition (its
    start is the newest item, so forward from it asks for the future): never ask that."""

    request_id: int
    start_id: str | None
    next_token: str | None = attrs.field(repr=False)
    max_results: int

    @property
    def scan_direction(self) -> str:
        return "FORWARD" if self.start_id is not None else "BACKWARD"

    def arguments(self, connection_token: str | None) -> dict[str, Any]:
        """GetTranscript's arguments; every page of one read keeps its direction and start."""
        arguments: dict[str, Any] = {
            "ScanDirection": self.scan_direction,
            "SortOrder": "ASCENDING",
            "MaxResults": self.max_results,
            "ConnectionToken": connection_token,
        }
        if self.start_id is not None:
            arguments["StartPosition"] = {"Id": self.start_id}
        if self.next_token is not None:
            arguments["NextToken"] = self.next_token
        return arguments


@attrs.frozen
class SendReceipt:
    """Call SendEvent with a `read` or `delivered` receipt for `message_id` (not retried)."""

    request_id: int
    kind: str
    message_id: str


Action = RequestConnection | OpenSocket | SendFrame | CloseSocket | FetchTranscript | SendReceipt


@attrs.frozen
class ItemEvent:
    """An item for the application; `update` when its Id was delivered before with other content."""

    kind: str
    item: dict[str, Any]
    update: bool = False
    synthetic: bool = False


@attrs.frozen
class ConnectionEvent:
    """connection_lost (once per outage), connection_regained, connection_broken, closed."""

    kind: str
    reason: str = ""


Event = ItemEvent | ConnectionEvent


class State(enum.Enum):
    IDLE = "idle"
    CONNECTING = "connecting"  # first connection, nothing subscribed yet
    CONNECTED = "connected"
    RECONNECTING = "reconnecting"  # lost the socket; getting a new one
    ENDED = "ended"  # the chat (or this participant) ended
    BROKEN = "broken"  # a terminal error; nothing more will happen
    CLOSED = "closed"  # closed by the application

    @property
    def terminal(self) -> bool:
        return self in (State.ENDED, State.BROKEN, State.CLOSED)


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


class ChatProtocol:
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
        self._fill: _Fill | None = None
        self._fill_again = False
        self._ever_subscribed = False
        self._known: OrderedDict[str, tuple[Any, ...]] = OrderedDict()
        self._anchors: list[tuple[float, str]] = []  # (AbsoluteTime, Id) of recent anchorable items
        # Without deliver_history: the Ids the transcript held when the session joined. A later
        # fill never delivers them (they were never delivered, so dedup alone would let them in).
        self._history: set[str] = set()
        self._buffer: list[tuple[float, int, float, dict[str, Any]]] = []  # (time, seq, arrived, item)
        self._buffered: dict[str, int] = {}  # Id -> seq of its buffered version
        self._seq = 0
        self._stitcher = Stitcher()
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

    # --- public inputs --------------------------------------------------------------------------

    def start(self, now: float) -> None:
        if self.state is not State.IDLE:
            return
        self._observe(now)
        self.state = State.CONNECTING
        self._outage_since = now
        self._want_socket(now)

    def connection_granted(self, now: float, request_id: int, grant: Grant) -> None:
        self._observe(now)
        if request_id != self._connection_request:
            return
        self._connection_request = None
        asked_socket = "WEBSOCKET" in self._connection_types
        # The backoff is not reset here: a grant only proves the REST call works. A socket that
        # opens and dies at once would otherwise start a new cycle at once, forever.
        self._connection_retry_at = None
        self._connect_participant = False  # joined once; later connections only reconnect
        if grant.connection_token:
            self.connection_token = grant.connection_token
            self._schedule_token_refresh(now, grant.token_expires_in)
        if self.state.terminal:
            return
        fill = self._fill
        if fill is not None and fill.request_id is None and fill.retry_at is None:
            fill.retry_at = now  # a fill waited for a fresh token
        if self._socket_wanted:
            fresh = grant.url_expires_in is None or grant.url_expires_in > self.config.url_open_margin
            # A URL that looks spent is refused once; the next is tried whatever it looks like, since
            # a wrong local clock can make every URL look spent (and the handshake will tell).
            if grant.url is not None and (fresh or self._stale_url_refused):
                self._stale_url_refused = False
                self._socket_wanted = False
                self._open(now, grant.url)
            elif asked_socket:
                self._stale_url_refused = grant.url is not None
                self._schedule_connection_retry(now)
            else:
                self._request_connection(now)
        self._after_change(now)

    def connection_failed(self, now: float, request_id: int, failure: Failure, reason: str = "") -> None:
        self._observe(now)
        if request_id != self._connection_request:
            return
        self._connection_request = None
        if self.state.terminal:
            return
        if failure is Failure.DENIED:
            if not self._ever_subscribed:
                self._break(now, reason or "CreateParticipantConnection was denied")
            else:
                self._chat_ended_remotely(now, reason or "denied after a drop: the chat ended")
            return
        if failure is Failure.FATAL:
            self._break(now, reason or "CreateParticipantConnection failed")
            return
        self._schedule_connection_retry(now)
        self._after_change(now)

    def socket_opened(self, now: float, socket_id: int) -> None:
        self._observe(now)
        sock = self._sockets.get(socket_id)
        if sock is None or sock.phase is not _Phase.OPENING:
            return
        sock.phase = _Phase.SUBSCRIBING
        sock.opened_at = now
        self._send_subscribe(now, sock)
        self._send_heartbeat(now, sock)
        self._after_change(now)

    def socket_failed(self, now: float, socket_id: int, reason: str = "") -> None:
        """The socket could not open (refused handshake, expired URL, network error, timeout)."""
        self._observe(now)
        self._socket_gone(now, socket_id, reason or "websocket failed to open")

    def socket_refused(self, now: float, socket_id: int, reason: str) -> None:
        """The websocket URL the service handed out breaks the client's network policy (clear text
        off this machine): never opened, and the session breaks with the reason (asking again
        gets a URL of the same kind)."""
        self._observe(now)
        if socket_id not in self._sockets or self.state.terminal:
            return
        self._forget_socket(socket_id)
        self._break(now, reason)

    def socket_closed(self, now: float, socket_id: int, code: int | None = None, reason: str = "") -> None:
        self._observe(now)
        self._socket_gone(now, socket_id, reason or f"websocket closed ({code})")

    def frame_received(self, now: float, socket_id: int, text: str | bytes) -> None:
        """Anything a socket sends is taken: a frame that is not what websocket.md describes (not
        JSON, too big, nested too deep, members of the wrong type) is skipped with a warning."""
        self._observe(now)
        sock = self._sockets.get(socket_id)
        if sock is None:
            return
        self.stats["frames"] += 1
        frame, problem = parse_frame(text, self.config.max_frame_bytes)
        if frame is None:
            self._skip_frame(socket_id, problem)
            return
        try:
            self._dispatch_frame(now, sock, frame)
        except Exception as error:  # a rule that did not foresee some shape: skip it, stay alive
            self._skip_frame(socket_id, f"it could not be handled ({type(error).__name__})")
        self._after_change(now)

    def _dispatch_frame(self, now: float, sock: _Socket, frame: dict[str, Any]) -> None:
        socket_id = sock.socket_id
        topic = frame.get("topic")
        if topic == "aws/heartbeat":
            sock.heartbeat_outstanding = False
            self._check_stable(now, sock)
        elif topic == "aws/ping":
            sock.ping_outstanding = False
            status = frame.get("statusCode")
            if status == 200:
                self._events.append(ConnectionEvent("deep_heartbeat_success"))
            else:
                content = frame.get("statusContent")
                shown = f" {content[:100]}" if isinstance(content, str) else ""
                self._events.append(
                    ConnectionEvent("deep_heartbeat_failure", f"aws/ping answered {status}{shown}")
                )
            if isinstance(status, int) and status >= 500:
                self._socket_gone(now, socket_id, f"ping answered {status}")
        elif topic == "aws/subscribe":
            self._subscribe_answer(now, sock, frame.get("content"))
        elif topic == "aws/chat":
            item, problem = item_from_frame(frame)
            if item is None:
                self._skip_frame(socket_id, problem)
            else:
                self._accept(now, item)
        elif topic is None and ("message" in frame or "statusCode" in frame):
            # An error frame ("Forbidden"): this socket is no longer serving us.
            message = frame.get("message")
            shown = message[:100] if isinstance(message, str) else ""
            self._socket_gone(now, socket_id, f"service error frame: {shown}")

    def _skip_frame(self, socket_id: int, problem: str) -> None:
        self.stats["frames_skipped"] += 1
        logger.warning("chat frame skipped on websocket %d: %s", socket_id, problem)

    def transcript_received(
        self, now: float, request_id: int, items: Iterable[Mapping[str, Any]], next_token: str | None
    ) -> None:
        self._observe(now)
        fill = self._fill
        if fill is None or fill.request_id != request_id:
            return
        fill.request_id = None
        fill.pages += 1
        fill.attempts = 0
        self.stats["fill_pages"] += 1
        page = [
            dict(item)
            for item in items
            if isinstance(item, Mapping) and isinstance(item.get("Id"), str) and item["Id"]
        ]
        if fill.history:
            for item in page:
                self._note_history(item)
        elif fill.start_id is None:
            fill.held.append(page)
        else:
            self._take_page(now, page)
        if next_token and next_token != fill.next_token and fill.pages < self.config.fill_max_pages:
            fill.next_token = next_token
            self._fetch(fill)
        else:
            self._fill_done(now)
        self._after_change(now)

    def transcript_failed(self, now: float, request_id: int, failure: Failure, reason: str = "") -> None:
        self._observe(now)
        fill = self._fill
        if fill is None or fill.request_id != request_id:
            return
        fill.request_id = None
        fill.attempts += 1
        if fill.final or (fill.attempts > 6 and not fill.history):
            # (The history read is never given up: without it, later fills could not tell the
            # history from the gap. It does not hold live items back while it retries.)
            self._fill_done(now)
        elif failure is Failure.FATAL and fill.start_id is not None:
            # The anchor is unknown to the service: read the whole transcript instead (dedup copes).
            fill.start_id = None
            fill.next_token = None
            fill.retry_at = now
        elif failure is Failure.DENIED:
            # The ConnectionToken may have lapsed: a fresh one (or a 403 meaning "ended") comes next.
            if self._connection_request is None and self._connection_retry_at is None:
                self._request_connection(now)
        else:
            fill.retry_at = now + self._backoff(fill.attempts)
        self._after_change(now)

    def tick(self, now: float) -> None:
        self._observe(now)
        frozen, self._frozen = self._frozen, False
        if self.state.terminal:
            self._release(now, force=True)
            return
        for sock in list(self._sockets.values()):
            if sock.socket_id not in self._sockets:
                continue
            if sock.linger_until is not None:
                if now >= sock.linger_until:
                    self._forget_socket(sock.socket_id)
                continue
            if frozen and sock.phase is not _Phase.OPENING:
                # We were not running (a frozen process, a paused R session): answers may be waiting
                # unread, so ask again and judge the socket a short while later instead.
                sock.heartbeat_outstanding = False
                self._send_heartbeat(now, sock)
                sock.heartbeat_due = now + min(self.config.freeze_grace, self.config.heartbeat_interval)
                if sock.subscribe_due is not None:
                    sock.subscribe_due = now + self.config.freeze_grace
                continue
            if sock.subscribe_due is not None and now >= sock.subscribe_due:
                self._subscribe_timer(now, sock)
                if sock.socket_id not in self._sockets:
                    continue
            if sock.heartbeat_due is not None and now >= sock.heartbeat_due:
                if sock.ping_outstanding:
                    sock.ping_outstanding = False
                    reason = "aws/ping response is not received"
                    self._events.append(ConnectionEvent("deep_heartbeat_failure", reason))
                if sock.heartbeat_outstanding:
                    self._socket_gone(now, sock.socket_id, "heartbeat unanswered")
                    continue
                self._check_stable(now, sock)
                self._send_heartbeat(now, sock)
            else:
                self._check_stable(now, sock)
        if self.state.terminal:
            return
        if self._connection_retry_at is not None and now >= self._connection_retry_at:
            self._connection_retry_at = None
            self._request_connection(now)
        if (
            self._rotation_due is not None
            and now >= self._rotation_due
            and self._candidate is None
            and self._connection_request is None
            and self._connection_retry_at is None
        ):
            self._rotation_due = None
            self.stats["rotations"] += 1
            self._want_socket(now)
        if (
            self._token_refresh_at is not None
            and now >= self._token_refresh_at
            and self._connection_request is None
            and self._connection_retry_at is None
        ):
            self._request_connection(now)
        fill = self._fill
        due = fill is not None and fill.retry_at is not None and now >= fill.retry_at
        if fill is not None and due and fill.request_id is None:
            fill.retry_at = None
            self._fetch(fill)
        self._send_receipts(self.receipts.due(now))
        if (
            self.config.give_up_after is not None
            and self._outage_since is not None
            and now - self._outage_since >= self.config.give_up_after
        ):
            self._break(now, "could not reconnect in time")
            return
        self._after_change(now)

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

    def close(self, now: float, reason: str = "closed by the application") -> None:
        """Stop: close every socket, deliver what is buffered, and do nothing more."""
        self._observe(now)
        if self.state.terminal:
            return
        self._finish(now, State.CLOSED, reason)
        self._events.append(ConnectionEvent("closed", reason))

    # --- public outputs -------------------------------------------------------------------------

    def take_actions(self) -> list[Action]:
        actions, self._actions = self._actions, []
        return actions

    def take_events(self) -> list[Event]:
        events, self._events = self._events, []
        return events

    def next_deadline(self) -> float | None:
        """When `tick` must run next (monotonic seconds), or None when nothing is timed."""
        times: list[float] = []
        for sock in self._sockets.values():
            if sock.linger_until is not None:
                times.append(sock.linger_until)
            if sock.subscribe_due is not None:
                times.append(sock.subscribe_due)
            if sock.heartbeat_due is not None:
                times.append(sock.heartbeat_due)
            stable_at = None if sock.heartbeat_outstanding else self._stable_at(sock)
            if stable_at is not None:
                times.append(stable_at)
        if self.state.terminal:
            return min(times) if times else None
        idle = self._connection_request is None and self._connection_retry_at is None
        if self._connection_retry_at is not None:
            times.append(self._connection_retry_at)
        if self._rotation_due is not None and idle and self._candidate is None:
            times.append(self._rotation_due)
        if self._token_refresh_at is not None and idle:
            times.append(self._token_refresh_at)
        holding = False
        if self._fill is not None:
            if self._fill.retry_at is not None:
                times.append(self._fill.retry_at)
            hold_until = self._fill.started_at + self.config.fill_hold_max
            if not self._fill.history and (self._last_now is None or hold_until > self._last_now):
                times.append(hold_until)
                holding = True
        if self._buffer and not holding:
            times.append(min(arrived for _, _, arrived, _ in self._buffer) + self.config.reorder_window)
        if self.config.give_up_after is not None and self._outage_since is not None:
            times.append(self._outage_since + self.config.give_up_after)
        receipts_due = self.receipts.next_deadline()
        if receipts_due is not None:
            times.append(receipts_due)
        return min(times) if times else None

    @property
    def connected(self) -> bool:
        return self.state is State.CONNECTED

    @property
    def busy(self) -> bool:
        """True while items are held back (reordering, or waiting for a gap fill)."""
        return bool(self._buffer) or self._fill is not None

    def known(self, item_id: str) -> bool:
        return item_id in self._known

    # --- connections ------------------------------------------------------------------------------

    def _new_id(self) -> int:
        self._next_id += 1
        return self._next_id

    def _want_socket(self, now: float) -> None:
        """Get a new websocket URL: now, or when the request in flight (or its retry) answers."""
        self._socket_wanted = True
        if self._connection_request is None and self._connection_retry_at is None:
            self._request_connection(now)

    def _request_connection(self, now: float) -> None:
        """One CreateParticipantConnection at a time (duplicates get throttled by the service)."""
        if self._connection_request is not None:
            return
        if self._socket_wanted:
            types: tuple[str, ...] = ("WEBSOCKET", "CONNECTION_CREDENTIALS")
        else:
            types = ("CONNECTION_CREDENTIALS",)
        request_id = self._new_id()
        self._connection_request = request_id
        self._connection_types = types
        self.stats["connection_requests"] += 1
        self._actions.append(RequestConnection(request_id, types, self._connect_participant))

    def _schedule_token_refresh(self, now: float, life: float | None) -> None:
        """Ask for a new ConnectionToken `token_refresh_margin` before it expires, but no later than
        halfway through its life: with a token shorter-lived than the margin, the refresh was due
        as soon as it was granted, and asked again at once, forever. A token that comes (nearly)
        spent is asked for again no faster than the reconnect backoff."""
        if life is None:
            self._token_refresh_at = None
            return
        wait = max(life - self.config.token_refresh_margin, life / 2)
        if wait >= self.config.reconnect_initial:
            self._short_tokens = 0
        else:
            self._short_tokens += 1
            wait = max(wait, self._backoff_ceiling(self._short_tokens))
        self._token_refresh_at = now + wait

    def _schedule_connection_retry(self, now: float) -> None:
        self._connection_attempts += 1
        self._connection_retry_at = now + self._backoff(self._connection_attempts)

    def _backoff(self, attempt: int) -> float:
        """Equal jitter: half the doubled delay for sure, the other half at random."""
        if attempt <= 0:
            return 0.0
        delay = self._backoff_ceiling(attempt)
        return delay / 2 + self._random() * delay / 2

    def _backoff_ceiling(self, attempt: int) -> float:
        """reconnect_initial doubled per attempt after the first, up to reconnect_max."""
        # The exponent is capped: after ~1,000 attempts (hours offline) 2.0**n overflows a float.
        return min(self.config.reconnect_max, self.config.reconnect_initial * 2 ** min(attempt - 1, 30))

    def _open(self, now: float, url: str) -> None:
        if self._candidate is not None:
            self._forget_socket(self._candidate)
        socket_id = self._new_id()
        self._sockets[socket_id] = _Socket(socket_id)
        self._candidate = socket_id
        self._actions.append(OpenSocket(socket_id, url))

    def _send(self, socket_id: int, text: str) -> None:
        self._actions.append(SendFrame(socket_id, text))

    def _send_subscribe(self, now: float, sock: _Socket) -> None:
        sock.subscribe_sends += 1
        sock.subscribe_unanswered += 1
        sock.subscribe_due = now + self.config.subscribe_ack_timeout
        self._send(sock.socket_id, SUBSCRIBE_FRAME)

    def _send_heartbeat(self, now: float, sock: _Socket) -> None:
        if sock.heartbeat_due is not None:
            self.heartbeat_late_max = max(self.heartbeat_late_max, now - sock.heartbeat_due)
        self.stats["heartbeats"] += 1
        self._send(sock.socket_id, PING_FRAME)
        self._send(sock.socket_id, HEARTBEAT_FRAME)
        sock.heartbeat_outstanding = True
        sock.ping_outstanding = True
        sock.heartbeat_due = now + self.config.heartbeat_interval

    def _subscribe_timer(self, now: float, sock: _Socket) -> None:
        if sock.resend_after_failure:
            sock.resend_after_failure = False
            self._send_subscribe(now, sock)
        elif sock.subscribe_unanswered >= self.config.subscribe_max_sends:
            self._socket_gone(now, sock.socket_id, "subscribe never acknowledged")
        else:
            self._send_subscribe(now, sock)

    def _subscribe_answer(self, now: float, sock: _Socket, content: Any) -> None:
        if sock.phase is not _Phase.SUBSCRIBING:
            return
        sock.subscribe_unanswered = 0
        status = content.get("status") if isinstance(content, dict) else None
        if status == "success":
            sock.phase = _Phase.LIVE
            sock.live_since = now
            sock.subscribe_due = None
            self._promote(now, sock)
            return
        sock.subscribe_failures += 1
        if sock.subscribe_failures >= self.config.subscribe_failure_max:
            self._socket_gone(now, sock.socket_id, "subscribe kept failing")
            return
        sock.resend_after_failure = True
        sock.subscribe_due = now + self.config.subscribe_failure_retry

    def _promote(self, now: float, sock: _Socket) -> None:
        """The candidate socket is subscribed: it becomes the one we rely on."""
        if self._candidate == sock.socket_id:
            self._candidate = None
        old = self._primary
        self._primary = sock.socket_id
        self._rotation_due = now + self.config.rotate_after
        self._rotation_failures = 0
        if old is not None and old != sock.socket_id:
            # Make-before-break. The old socket may lag the new one (another route): what is still
            # in flight on it is read for `rotation_linger` seconds (dedup drops the overlap), and a
            # gap fill from the last delivered item finds whatever would still fall between the two;
            # it also holds the new socket's items back until it is done, so the order is kept.
            self._linger(now, old)
            self._start_fill(now)
            return
        first = not self._ever_subscribed
        self._ever_subscribed = True
        was_lost = self._lost_announced
        self.state = State.CONNECTED
        self._outage_since = None
        self._lost_announced = False
        if was_lost:
            self._events.append(ConnectionEvent("connection_regained"))
        if not first:
            self.stats["reconnects"] += 1
        if not first or self.config.deliver_history:
            self._start_fill(now)
        else:
            self._start_fill(now, history=True)

    def _linger(self, now: float, socket_id: int) -> None:
        """Keep reading a replaced socket a while; it is no longer watched (no heartbeats)."""
        sock = self._sockets.get(socket_id)
        if sock is None:
            return
        if self._primary == socket_id:
            self._primary = None
        if self.config.rotation_linger <= 0:
            self._forget_socket(socket_id)
            return
        sock.linger_until = now + self.config.rotation_linger
        sock.subscribe_due = None
        sock.heartbeat_due = None
        sock.heartbeat_outstanding = False

    def _socket_gone(self, now: float, socket_id: int, reason: str) -> None:
        if socket_id not in self._sockets:
            return
        was_primary = socket_id == self._primary
        was_candidate = socket_id == self._candidate
        self._forget_socket(socket_id)
        if self.state.terminal:
            return
        if was_primary:
            self._begin_outage(now, reason)
            if self._candidate is None:
                self._reconnect(now)
            # else: a rotation was under way; its socket takes over and fills the gap when acked.
        elif was_candidate:
            if self._primary is not None:
                # A rotation attempt failed while the old socket still works: try again later,
                # waiting longer after each failure in a row (up to reconnect_max).
                self._rotation_failures += 1
                self._rotation_due = now + self._backoff(self._rotation_failures + 1)
                return
            self._socket_wanted = True
            self._schedule_connection_retry(now)

    def _stable_at(self, sock: _Socket) -> float | None:
        """When the live primary socket counts as stable, if it is not yet."""
        if sock.stable or sock.live_since is None or sock.socket_id != self._primary:
            return None
        return sock.live_since + min(self.config.stable_after, self.config.heartbeat_interval)

    def _check_stable(self, now: float, sock: _Socket) -> None:
        """A socket that stays live `stable_after` seconds (at most a heartbeat interval) with its
        heartbeat answered is a working connection, even if something cuts it a little later (a
        proxy that ends sockets every few seconds): waiting for the heartbeat tick left sockets
        shorter-lived than the interval never stable, and their reconnects climbed to 30 s.
        A socket that dies right after connecting (ping 500, a refused subscribe) never gets here."""
        due = self._stable_at(sock)
        if due is not None and now >= due and not sock.heartbeat_outstanding and sock.phase is _Phase.LIVE:
            self._proven_stable(sock)

    def _proven_stable(self, sock: _Socket) -> None:
        """The next drop may reconnect at once again, and its backoff starts from the beginning."""
        sock.stable = True
        self._connection_attempts = 0
        self._quick_reconnect_spent = False

    def _reconnect(self, now: float) -> None:
        """The live socket is gone: the first reconnect is immediate, later ones wait the backoff
        until a connection proves stable (a socket that connects and dies again must not spin)."""
        if not self._quick_reconnect_spent:
            self._quick_reconnect_spent = True
            self._want_socket(now)
            return
        self._socket_wanted = True
        if self._connection_request is None and self._connection_retry_at is None:
            self._schedule_connection_retry(now)

    def _begin_outage(self, now: float, reason: str) -> None:
        self.state = State.RECONNECTING if self._ever_subscribed else State.CONNECTING
        if self._ever_subscribed and not self._lost_announced:
            self._lost_announced = True
            self._events.append(ConnectionEvent("connection_lost", reason))
        if self._outage_since is None:
            self._outage_since = now

    def _forget_socket(self, socket_id: int) -> None:
        self._sockets.pop(socket_id, None)
        if self._primary == socket_id:
            self._primary = None
            self._rotation_due = None
        if self._candidate == socket_id:
            self._candidate = None
        self._actions.append(CloseSocket(socket_id))

    def _chat_ended_remotely(self, now: float, reason: str) -> None:
        """403 after a drop: fetch what we missed with the token we have, then end."""
        self.end_reason = reason
        if self.connection_token is None or (self._fill is not None and self._fill.final):
            self._end_with_synthetic(now, reason)
            return
        self._fill = _Fill(request_id=None, start_id=self._fill_start(), started_at=now, final=True)
        self._fetch(self._fill)

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

    # --- gap fill ---------------------------------------------------------------------------------

    def _start_fill(self, now: float, *, history: bool = False) -> None:
        """Read the transcript forward from the best anchor, or all of it backward from the newest
        item when there is none (FetchTranscript). `history`: the first connection
        without deliver_history reads the whole transcript once, only to note what was there (and
        the anchors for later fills); live items are not held back for it."""
        if self._fill is not None:
            self._fill_again = True
            return
        if history:
            self._fill = _Fill(request_id=None, start_id=None, started_at=now, history=True)
        else:
            self.stats["fills"] += 1
            self._fill = _Fill(request_id=None, start_id=self._fill_start(), started_at=now)
        self._fetch(self._fill)

    def _fetch(self, fill: _Fill) -> None:
        if self.connection_token is None:
            return
        fill.request_id = self._new_id()
        self._actions.append(
            FetchTranscript(fill.request_id, fill.start_id, fill.next_token, self.config.fill_page_size)
        )

    def _take_page(self, now: float, page: list[dict[str, Any]]) -> None:
        for item in page:
            if item["Id"] not in self._history:
                self._accept(now, item)

    def _fill_done(self, now: float) -> None:
        if self._fill is not None:
            for page in reversed(self._fill.held):
                self._take_page(now, page)
            self._fill.held.clear()
        final = self._fill is not None and self._fill.final
        self._fill = None
        if final:
            self._end_with_synthetic(now, self.end_reason)
            return
        if any(classify(entry[3]) == "chat_ended" for entry in self._buffer):
            self._release(now, force=True)
            return
        if self._fill_again and not self.state.terminal:
            self._fill_again = False
            self._start_fill(now)

    # --- items ------------------------------------------------------------------------------------

    def _accept(self, now: float, item: dict[str, Any]) -> None:
        item_id = item.get("Id")
        if not isinstance(item_id, str) or not item_id:
            return
        self.stats["items"] += 1
        stitched = self._stitcher.take(item)  # a streamed chunk becomes the text so far
        if stitched is None:
            self.stats["duplicates"] += 1
            return
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
            return
        known = self._known.get(item_id)
        if known is not None and known == fingerprint:
            self.stats["duplicates"] += 1
            return
        self._seq += 1
        time = _item_time(item)
        heapq.heappush(self._buffer, (time, self._seq, now, item))
        self._buffered[item_id] = self._seq
        if classify(item) == "chat_ended" and (self._fill is None or self._fill.history):
            # Nothing follows the end: deliver what we have, in order, and stop.
            self._release(now, force=True)

    def _release(self, now: float, *, force: bool = False) -> None:
        if not self._buffer:
            return
        if not force:
            fill = self._fill
            if fill is not None and not fill.history and now < fill.started_at + self.config.fill_hold_max:
                return  # a gap fill is running: older items may still come
            window = self.config.reorder_window
            due = [entry for entry in self._buffer if entry[2] + window <= now]
            if not due:
                return
            limit = max(entry[0] for entry in due)
        else:
            limit = float("inf")
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
            if kind in ("read", "delivered") and self.receipts.is_own(item):
                continue  # the participant's own receipt: shown to the message's sender only
            update = previous is not None
            if update:
                self.stats["updates"] += 1
            self._events.append(ItemEvent(kind, item, update=update))
            if kind in _ANCHOR_KINDS:
                time = _item_time(item)
                self._add_anchor(time, item_id)
            if kind == "chat_ended":
                ended = True
        if ended and not self.state.terminal:
            self._finish(now, State.ENDED, "the chat ended")

    def _add_anchor(self, time: float, item_id: str) -> None:
        bisect.insort(self._anchors, (time, item_id))
        horizon = self._anchors[-1][0] - self.config.anchor_slack
        # Keep what lies within the slack plus the newest item before it: the only possible anchors.
        older = bisect.bisect_left(self._anchors, (horizon, ""))
        if older > 1:
            del self._anchors[: older - 1]

    def _fill_start(self) -> str | None:
        """Where a gap fill starts: the newest item at least `anchor_slack` older than the newest
        seen, so items the service delivered out of order just before a drop are read again."""
        if not self._anchors:
            return None
        horizon = self._anchors[-1][0] - self.config.anchor_slack
        index = bisect.bisect_right(self._anchors, (horizon, "\uffff"))
        return self._anchors[index - 1][1] if index else None

    def _note_history(self, item: dict[str, Any]) -> None:
        """An item of the history read: kept from later fills, and an anchor for them. One that
        is already known or buffered came over the socket after the join: it is no history."""
        item_id = item["Id"]
        if not isinstance(item_id, str) or item_id in self._known or item_id in self._buffered:
            return
        self._history.add(item_id)
        if classify(item) in _ANCHOR_KINDS:
            self._add_anchor(_item_time(item), item_id)

    def _remember(self, item_id: str, fingerprint: tuple[Any, ...]) -> None:
        self._known[item_id] = fingerprint
        self._known.move_to_end(item_id)
        while len(self._known) > self.config.known_ids_max:
            self._known.popitem(last=False)

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


FRAME_DEPTH_MAX = 16  # an item is 4 deep (frame, item, Attachments, attachment); room to spare


def parse_frame(text: str | bytes, max_bytes: int) -> tuple[dict[str, Any] | None, str]:
    """A socket frame as a JSON object, or None and why it is not one."""
    if not isinstance(text, (str, bytes)):
        return None, f"it is a {type(text).__name__}, not text"
    if len(text) > max_bytes:
        return None, f"it is {len(text)} long, over the {max_bytes} limit (max_frame_bytes)"
    frame, problem = _json_object(text)
    return frame, "the frame " + problem if frame is None else ""


def item_from_frame(frame: Mapping[str, Any]) -> tuple[dict[str, Any] | None, str]:
    """The Item inside an aws/chat frame (its content is JSON in a string: parse twice), or None
    and why it is not an item the session can take."""
    content = frame.get("content")
    if isinstance(content, str):
        item, problem = _json_object(content)
        if item is None:
            return None, "its content " + problem
    elif isinstance(content, dict):
        item = content
        if _deeper_than(item, FRAME_DEPTH_MAX):
            return None, f"its content is nested deeper than {FRAME_DEPTH_MAX}"
    else:
        return None, "its content is not an item"
    item_id = item.get("Id")
    if not isinstance(item_id, str) or not item_id:
        return None, "its item has no Id string"
    for name in ("Type", "ContentType", "AbsoluteTime"):
        if name in item and item[name] is not None and not isinstance(item[name], str):
            return None, f"item {item_id[:64]}: {name} is not a string"
    return item, ""


def _json_object(text: str | bytes) -> tuple[dict[str, Any] | None, str]:
    try:
        value = json.loads(text)
    except RecursionError:
        return None, "is nested too deep to read"
    except (ValueError, UnicodeDecodeError):
        return None, "is not JSON"
    if not isinstance(value, dict):
        return None, f"is a JSON {type(value).__name__}, not an object"
    if _deeper_than(value, FRAME_DEPTH_MAX):
        return None, f"is nested deeper than {FRAME_DEPTH_MAX}"
    return value, ""


def _deeper_than(value: Any, limit: int) -> bool:
    """Without recursion: the walk itself must not be what a hostile frame overflows."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            return True
        if isinstance(node, dict):
            stack.extend((child, depth + 1) for child in node.values() if isinstance(child, (dict, list)))
        elif isinstance(node, list):
            stack.extend((child, depth + 1) for child in node if isinstance(child, (dict, list)))
    return False


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


class TypingThrottle:
    """Typing events at most once per `interval` seconds, as the service expects."""

    def __init__(self, interval: float) -> None:
        self.interval = interval
        self._last: float | None = None

    def allow(self, now: float) -> bool:
        if self._last is not None and now - self._last < self.interval:
            return False
        self._last = now
        return True

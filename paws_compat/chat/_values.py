"""The chat session's values: its configuration, what goes into and comes out of the protocol
(grants, failures, actions, events, states) and how an item is classified. Plain data, no rules."""

from __future__ import annotations

import enum
import json
from collections.abc import Mapping
from typing import Any

import attrs

from .._errors import ParamValidationError, Problem
from .._timestamps import parse_instant
from ._receipts import receipt_kind

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
ANCHOR_KINDS = frozenset({"message", "attachment", "joined", "left", "transfer", "chat_ended"})


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


def argument_error(path: str, issue: str, rule: str) -> ParamValidationError:
    """A bad argument of the chat API, raised as the client raises one (R: paws' http_400)."""
    return ParamValidationError([Problem(path, issue, rule)])


def value_kind(value: Any) -> str:
    """What a value is, in words, without its content (it may be a token)."""
    if value is None:
        return "None"
    if isinstance(value, bool):
        return "a bool"
    if isinstance(value, str):
        return "an empty string" if not value else "a string"
    return f"a {type(value).__name__}"


def _bounded(strict: bool) -> Any:
    """A field's validator: a number (a whole one for int fields) above 0 (`strict`) or at least 0."""

    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        declared = getattr(attribute.type, "__name__", str(attribute.type))
        optional = "None" in declared
        if value is None and optional:
            return
        whole = declared.startswith("int")
        rule = f"{'a whole number' if whole else 'a number'} {'> 0' if strict else '>= 0'}"
        rule = f"must be {rule}{', or None' if optional else ''}"
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise argument_error(attribute.name, f"is {value_kind(value)}", rule)
        if (
            value != value
            or (value <= 0 if strict else value < 0)
            or (whole and not float(value).is_integer())
        ):
            raise argument_error(attribute.name, f"is {value!r}", rule)

    return check


_positive: Any = _bounded(strict=True)  # for int and float fields alike
_not_negative: Any = _bounded(strict=False)


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
    give_up_after: float | None = attrs.field(default=None, validator=_positive)
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
    # What waits for poll() or iteration. An app that only uses handlers (asyncio) or polls too
    # rarely would otherwise grow it for the chat's whole life; past the bound the oldest goes, with
    # a warning, and stays readable with transcript_all().
    queue_max: int = attrs.field(default=10_000, validator=_positive)

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
    PROXY = "proxy"  # the client's proxy is unreachable: configuration before the first connection


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

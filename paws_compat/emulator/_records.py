"""What a chat is made of, and the tables one emulator keeps them in: no rules, no I/O.

Contacts, participants, attachments and the token grants are plain attrs records shared by every
rule module (`_items`, `_attachments`, `_access`, `_service`); `ServiceState` is the one store they
all read and write, so each rule module is a mixin over the same tables rather than a copy of them.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Callable
from typing import Any, Protocol

import attrs

from paws_compat.emulator._idempotency import ClientTokens
from paws_compat.emulator._limits import Limits
from paws_compat.emulator._transcript import Transcript

EVENT_PREFIX = "application/vnd.amazonaws.connect.event."
TYPING = EVENT_PREFIX + "typing"
JOINED = EVENT_PREFIX + "participant.joined"
LEFT = EVENT_PREFIX + "participant.left"
CHAT_ENDED = EVENT_PREFIX + "chat.ended"
DELIVERED = EVENT_PREFIX + "message.delivered"
READ = EVENT_PREFIX + "message.read"
METADATA = EVENT_PREFIX + "message.metadata"

MESSAGE_CONTENT_TYPES = frozenset(
    {
        "text/plain",
        "text/markdown",
        "application/json",
        "application/vnd.amazonaws.connect.message.interactive",
        "application/vnd.amazonaws.connect.message.interactive.response",
    }
)

# Roles a contact control panel (the control API, `Emulator`, the pytest fixtures) may add.
PANEL_ROLES = ("AGENT", "CUSTOM_BOT", "SUPERVISOR")
# Amazon Connect API reference, CreateParticipant, ParticipantDetails: "The only Valid value for
# ParticipantRole is CUSTOM_BOT" (agents join a chat through the contact control panel).
API_ROLES = ("CUSTOM_BOT",)

# Websocket URLs never opened are swept once every this many CreateParticipantConnection calls.
SWEEP_EVERY = 512

ACCOUNT = "123456789012"
_PARTICIPANT = "connectparticipant"
REGION = "us-east-1"


class Channel(Protocol):
    """A websocket as the rules see it: queue a text frame, close it politely or cut it."""

    subscribed: bool

    def push(self, text: str) -> None: ...

    def close(self, code: int, reason: str) -> None: ...

    def abort(self) -> None: ...


def new_id() -> str:
    return str(uuid.uuid4())


def new_token() -> str:
    return secrets.token_urlsafe(96)


@attrs.define(eq=False, weakref_slot=True)
class Participant:
    id: str
    contact: Contact = attrs.field(repr=False)
    role: str
    display_name: str
    token: str = attrs.field(repr=False)
    active: bool = True
    connected: bool = False
    sockets: set[Channel] = attrs.field(factory=set, repr=False)
    messages: ClientTokens = attrs.field(factory=ClientTokens.of(_PARTICIPANT, "SendMessage"), repr=False)
    events: ClientTokens = attrs.field(factory=ClientTokens.of(_PARTICIPANT, "SendEvent"), repr=False)
    uploads: ClientTokens = attrs.field(
        factory=ClientTokens.of(_PARTICIPANT, "StartAttachmentUpload"), repr=False
    )
    issued: set[str] = attrs.field(factory=set, repr=False)
    left_with: str | None = attrs.field(default=None, repr=False)


@attrs.define(eq=False, weakref_slot=True)
class Attachment:
    id: str
    participant: Participant = attrs.field(repr=False)
    content_type: str
    name: str
    size: int
    upload_token: str = attrs.field(repr=False)
    upload_expiry: float
    headers: dict[str, str] = attrs.field(factory=dict, repr=False)
    data: bytes | None = attrs.field(default=None, repr=False)
    completed_with: str | None = None


@attrs.define(eq=False, weakref_slot=True)
class Contact:
    id: str
    instance_id: str
    contact_flow_id: str
    started: float
    attributes: dict[str, str]
    initial_contact_id: str
    related_contact_id: str | None = None
    deadline: float = 0.0
    supported_types: frozenset[str] = MESSAGE_CONTENT_TYPES
    ended: float | None = None
    disconnect_reason: str | None = None
    participants: dict[str, Participant] = attrs.field(factory=dict)
    transcript: Transcript = attrs.field(
        repr=False, default=attrs.Factory(lambda c: Transcript(c.id), takes_self=True)
    )
    attachments: dict[str, Attachment] = attrs.field(factory=dict, repr=False)
    added: ClientTokens = attrs.field(factory=ClientTokens.of("connect", "CreateParticipant"), repr=False)
    timer: Any = attrs.field(default=None, repr=False)

    @property
    def active(self) -> bool:
        return self.ended is None

    @property
    def items(self) -> Transcript:
        """The transcript's items, oldest first (len, iteration, indexes and slices)."""
        return self.transcript

    def arn(self) -> str:
        return f"arn:aws:connect:{REGION}:{ACCOUNT}:instance/{self.instance_id}/contact/{self.id}"


@attrs.define(eq=False)
class Connection:
    participant: Participant
    expiry: float


@attrs.define(eq=False)
class AuthSession:
    participant: Participant
    redirect: str
    cancelled: bool = False


class ServiceState:
    """Every table of one emulator's chats; the rule mixins (and `ChatService`) work on these."""

    def __init__(
        self,
        limits: Limits | None = None,
        schedule: Callable[[float, Callable[[], None]], Any] | None = None,
    ) -> None:
        self.limits = limits or Limits()
        self._schedule = schedule
        self.instances: dict[str, dict[str, Contact]] = {}
        self.contacts: dict[str, Contact] = {}
        self.active_chats: dict[str, int] = {}
        self.started: dict[str, ClientTokens] = {}
        self.participant_tokens: dict[str, Participant] = {}
        self.connection_tokens: dict[str, Connection] = {}
        self.socket_tokens: dict[str, Connection] = {}
        self.attachments: dict[str, Attachment] = {}
        self.views: dict[str, dict[str, Any]] = {}
        self.auth_sessions: dict[str, AuthSession] = {}
        # Called with every item a chat gets, stored or only delivered (the console's live feed).
        self.item_watchers: list[Callable[[Contact, dict[str, Any]], None]] = []
        self._sweep_countdown = SWEEP_EVERY

    @property
    def settings(self) -> Limits:
        """The limits (the name the emulator's first versions used)."""
        return self.limits

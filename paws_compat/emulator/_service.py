"""The chat service's state and rules, without any I/O.

Contacts, participants, tokens, transcript items, attachments and views live here, and every
operation of both services is one synchronous method that either returns the JSON answer or raises
`ApiError`. The HTTP layer (`_server`) turns requests into calls and errors into responses; sockets
are reached only through the small `Channel` interface, so the rules stay testable and fast.
All methods run on the server's event loop thread.
"""

from __future__ import annotations

import base64
import binascii
import bisect
import copy
import hashlib
import json
import secrets
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Protocol

from paws_compat._model import load_model
from paws_compat.emulator._clock import iso, now, parse_iso

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

# What Amazon Connect chat accepts as attachments (its admin guide's list of file types).
ATTACHMENT_CONTENT_TYPES = frozenset(
    {
        "text/csv",
        "text/plain",
        "application/pdf",
        "application/rtf",
        "application/msword",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.ms-excel",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.ms-powerpoint",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "image/jpeg",
        "image/png",
        "image/heic",
        "video/mp4",
        "video/quicktime",
        "audio/wav",
        "audio/x-wav",
    }
)

# The service's feature limits on a message's length, in characters (websocket.md: "Messages up to
# 1,024 characters (12,000 for application/json)"; Amazon Connect's API reference for ChatMessage
# gives the same two figures and 12,288 for interactive.response). A content type not listed here is
# held only to the model's 16,384 (checked by the validator before the service sees the request).
MESSAGE_LIMITS: Mapping[str, int] = MappingProxyType(
    {
        "text/plain": 1024,
        "text/markdown": 1024,
        "application/json": 12000,
        "application/vnd.amazonaws.connect.message.interactive.response": 12288,
    }
)

_SWEEP_EVERY = 512

ACCOUNT = "123456789012"
REGION = "us-east-1"


def _error_statuses() -> dict[str, int]:
    statuses: dict[str, int] = {}
    for service in ("connect", "connectparticipant"):
        for shape in load_model(service).shapes.values():
            if shape.is_error and shape.error_status is not None:
                statuses[shape.error_code or shape.name] = shape.error_status
    return statuses


ERROR_STATUS = _error_statuses()


class ApiError(Exception):
    """An error the service answers with: code, HTTP status, message and extra body members."""

    def __init__(self, code: str, message: str, status: int | None = None, **extra: Any) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status if status is not None else ERROR_STATUS.get(code, 400)
        self.extra = extra

    def body(self) -> dict[str, Any]:
        return {"message": self.message, **self.extra}


def denied(message: str = "You do not have sufficient access to perform this action.") -> ApiError:
    return ApiError("AccessDeniedException", message)


def invalid(message: str) -> ApiError:
    return ApiError("ValidationException", message)


class Channel(Protocol):
    """A websocket as the rules see it: queue a text frame, close it politely or cut it."""

    subscribed: bool

    def push(self, text: str) -> None: ...

    def close(self, code: int, reason: str) -> None: ...

    def abort(self) -> None: ...


@dataclass(frozen=True)
class Settings:
    """Every lifetime and limit, in seconds and counts; tests shrink them."""

    connection_expiry_seconds: float = 100.0
    connection_token_seconds: float = 86400.0
    max_socket_life_seconds: float = 7200.0
    max_sockets_per_participant: int = 5
    max_participants_per_contact: int = 6
    chat_duration_minutes: float = 1500
    max_active_chats_per_instance: int = 10000
    attachment_url_seconds: float = 300.0
    attachment_max_bytes: int = 20 * 1024 * 1024
    attachment_count_limit: int = 20
    attachment_total_bytes_limit: int = 100 * 1024 * 1024
    attachment_uploads_in_progress_limit: int = 5
    attachment_content_types: frozenset[str] = ATTACHMENT_CONTENT_TYPES
    ended_chat_retention_seconds: float = 3600.0
    message_limits: Mapping[str, int] = field(default_factory=lambda: MESSAGE_LIMITS)


def new_id() -> str:
    return str(uuid.uuid4())


def new_token() -> str:
    return secrets.token_urlsafe(96)


@dataclass(eq=False)
class Participant:
    id: str
    contact: Contact = field(repr=False)
    role: str
    display_name: str
    token: str = field(repr=False)
    active: bool = True
    connected: bool = False
    sockets: set[Channel] = field(default_factory=set, repr=False)
    sent: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False)
    events: dict[str, tuple[tuple[Any, ...], dict[str, Any]]] = field(default_factory=dict, repr=False)
    uploads: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False)
    left_with: str | None = field(default=None, repr=False)


@dataclass(eq=False)
class Attachment:
    id: str
    participant: Participant
    content_type: str
    name: str
    size: int
    upload_token: str = field(repr=False)
    upload_expiry: float
    data: bytes | None = field(default=None, repr=False)
    completed_with: str | None = None


@dataclass(eq=False)
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
    last_posted: int = 0
    ended: float | None = None
    disconnect_reason: str | None = None
    participants: dict[str, Participant] = field(default_factory=dict)
    items: list[dict[str, Any]] = field(default_factory=list, repr=False)
    keys: list[tuple[float, int]] = field(default_factory=list, repr=False)
    by_id: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False)
    key_of: dict[str, tuple[float, int]] = field(default_factory=dict, repr=False)
    attachments: dict[str, Attachment] = field(default_factory=dict, repr=False)
    participant_tokens: dict[str, tuple[dict[str, Any], Participant]] = field(
        default_factory=dict, repr=False
    )
    seq: int = 0
    timer: Any = field(default=None, repr=False)

    @property
    def active(self) -> bool:
        return self.ended is None

    def arn(self) -> str:
        return f"arn:aws:connect:{REGION}:{ACCOUNT}:instance/{self.instance_id}/contact/{self.id}"


@dataclass
class _Connection:
    participant: Participant
    expiry: float


class ChatService:
    """Both services' rules over one in-memory store; one instance per emulator."""

    def __init__(
        self,
        settings: Settings | None = None,
        schedule: Callable[[float, Callable[[], None]], Any] | None = None,
    ) -> None:
        self.settings = settings or Settings()
        self._schedule = schedule
        self.instances: dict[str, dict[str, Contact]] = {}
        self.contacts: dict[str, Contact] = {}
        self.active_chats: dict[str, int] = {}
        self.start_tokens: dict[tuple[str, str], dict[str, Any]] = {}
        self.participant_tokens: dict[str, Participant] = {}
        self.connection_tokens: dict[str, _Connection] = {}
        self.socket_tokens: dict[str, _Connection] = {}
        self.attachments: dict[str, Attachment] = {}
        self.views: dict[str, dict[str, Any]] = {}
        self.auth_sessions: dict[str, dict[str, Any]] = {}
        # Called with every item a chat gets, stored or only delivered (the console's live feed).
        self.item_watchers: list[Callable[[Contact, dict[str, Any]], None]] = []
        self._sweep_countdown = _SWEEP_EVERY

    # -- Amazon Connect ----------------------------------------------------------------------

    def start_chat_contact(self, body: dict[str, Any]) -> dict[str, Any]:
        instance_id = body["InstanceId"]
        client_token = body.get("ClientToken")
        if client_token is not None and (instance_id, client_token) in self.start_tokens:
            return self.start_tokens[(instance_id, client_token)]
        duration = body.get("ChatDurationInMinutes", self.settings.chat_duration_minutes)
        initial_message = body.get("InitialMessage")
        if initial_message and initial_message["ContentType"] not in MESSAGE_CONTENT_TYPES:
            raise ApiError(
                "InvalidRequestException",
                f"InitialMessage ContentType {initial_message['ContentType']} is not supported",
            )
        active = self.active_chats.get(instance_id, 0)
        if active >= self.settings.max_active_chats_per_instance:
            raise ApiError(
                "LimitExceededException",
                f"Instance {instance_id} already has {active} active chats, its limit",
            )
        contact_id = new_id()
        related = body.get("RelatedContactId")
        persistent = body.get("PersistentChat") or {}
        source = persistent.get("SourceContactId")
        for other in (related, source):
            if other is not None and other not in self.instances.get(instance_id, {}):
                raise ApiError("ResourceNotFoundException", f"Contact {other} not found in this instance")
        if source is not None and self.contacts[source].active:
            raise ApiError(
                "InvalidRequestException", f"PersistentChat source contact {source} has not ended yet"
            )
        initial = self.contacts[source].initial_contact_id if source else contact_id
        contact = Contact(
            id=contact_id,
            instance_id=instance_id,
            contact_flow_id=body["ContactFlowId"],
            started=now(),
            attributes=dict(body.get("Attributes") or {}),
            initial_contact_id=initial,
            related_contact_id=related or source,
        )
        contact.deadline = contact.started + duration * 60.0
        asked_types = body.get("SupportedMessagingContentTypes")
        if asked_types:
            # text/plain is always allowed; the others only when the chat was started with them.
            contact.supported_types = frozenset(asked_types) & MESSAGE_CONTENT_TYPES | {"text/plain"}
        self.instances.setdefault(instance_id, {})[contact_id] = contact
        self.active_chats[instance_id] = active + 1
        self.contacts[contact_id] = contact
        customer = self._add_participant(contact, "CUSTOMER", body["ParticipantDetails"]["DisplayName"])
        if source:
            self._copy_history(self.contacts[source], contact)
        initial_message = body.get("InitialMessage")
        if initial_message:
            self._post(
                contact, customer, "MESSAGE", initial_message["ContentType"], initial_message["Content"]
            )
        if self._schedule is not None:
            contact.timer = self._schedule(duration * 60.0, lambda: self.end_chat(contact, "EXPIRED"))
        answer: dict[str, Any] = {
            "ContactId": contact_id,
            "ParticipantId": customer.id,
            "ParticipantToken": customer.token,
        }
        if source:
            answer["ContinuedFromContactId"] = source
        if client_token is not None:
            self.start_tokens[(instance_id, client_token)] = answer
        return answer

    def create_participant(self, body: dict[str, Any]) -> dict[str, Any]:
        contact = self._contact(body["InstanceId"], body["ContactId"])
        client_token = body.get("ClientToken")
        if client_token is not None and client_token in contact.participant_tokens:
            return contact.participant_tokens[client_token][0]
        details = body["ParticipantDetails"]
        role = details.get("ParticipantRole") or "AGENT"
        if role not in ("AGENT", "CUSTOM_BOT", "SUPERVISOR"):
            raise ApiError(
                "InvalidRequestException",
                f"ParticipantRole {role} cannot be added; use AGENT, CUSTOM_BOT or SUPERVISOR",
            )
        if not contact.active:
            raise ApiError("ConflictException", f"Contact {contact.id} has ended")
        present = sum(1 for p in contact.participants.values() if p.active)
        if present >= self.settings.max_participants_per_contact:
            raise ApiError(
                "ServiceQuotaExceededException",
                f"A contact can have at most {self.settings.max_participants_per_contact} participants",
            )
        participant = self._add_participant(contact, role, details.get("DisplayName") or role.title())
        answer = {
            "ParticipantCredentials": {
                "ParticipantToken": participant.token,
                "Expiry": iso(contact.deadline),
            },
            "ParticipantId": participant.id,
        }
        if client_token is not None:
            contact.participant_tokens[client_token] = (answer, participant)
        return answer

    def stop_contact(self, body: dict[str, Any]) -> dict[str, Any]:
        contact = self._contact(body["InstanceId"], body["ContactId"])
        if not contact.active:
            raise ApiError("ContactNotFoundException", f"Contact {contact.id} is not active")
        reason = (body.get("DisconnectReason") or {}).get("Code")
        self.end_chat(contact, reason or "API")
        return {}

    def describe_contact(self, instance_id: str, contact_id: str) -> dict[str, Any]:
        contact = self._contact(instance_id, contact_id)
        agent = next((p for p in contact.participants.values() if p.role == "AGENT"), None)
        described: dict[str, Any] = {
            "Arn": contact.arn(),
            "Id": contact.id,
            "InitialContactId": contact.initial_contact_id,
            "InitiationMethod": "API",
            "Channel": "CHAT",
            "InitiationTimestamp": contact.started,
            "LastUpdateTimestamp": contact.ended or contact.started,
            "Attributes": contact.attributes,
        }
        if contact.related_contact_id:
            described["RelatedContactId"] = contact.related_contact_id
        if agent is not None:
            described["AgentInfo"] = {"Id": agent.id}
        if contact.ended is not None:
            described["DisconnectTimestamp"] = contact.ended
            described["DisconnectReason"] = contact.disconnect_reason
        return {"Contact": described}

    def _contact(self, instance_id: str, contact_id: str) -> Contact:
        contact = self.instances.get(instance_id, {}).get(contact_id)
        if contact is None:
            raise ApiError(
                "ResourceNotFoundException", f"Contact {contact_id} not found in instance {instance_id}"
            )
        return contact

    def _add_participant(self, contact: Contact, role: str, display_name: str) -> Participant:
        participant = Participant(
            id=new_id(), contact=contact, role=role, display_name=display_name, token=new_token()
        )
        contact.participants[participant.id] = participant
        self.participant_tokens[participant.token] = participant
        self._post(contact, participant, "EVENT", JOINED, None)
        return participant

    def _copy_history(self, source: Contact, contact: Contact) -> None:
        """Persistent chat: the new contact's transcript starts with the old one's items.

        The model's Item: ContactId "is populated only when the transcript item is from the current
        chat session"; RelatedContactId, "the contactId on which the transcript item was originally
        sent", "is only populated for persistent chats when the transcript item is from the past
        chat session". Items the source had itself copied keep the contact they were first sent on.
        """
        for item in source.items:
            # A deep copy: a receipt on the new contact's copy must not change the old contact's item.
            past = copy.deepcopy(item)
            sent_on = past.pop("ContactId", None) or item.get("RelatedContactId")
            past["RelatedContactId"] = sent_on or source.id
            self._insert(contact, past)

    # -- authentication --------------------------------------------------------------------------

    def by_participant_token(self, token: str) -> Participant:
        participant = self.participant_tokens.get(token)
        if participant is None or not participant.active or not participant.contact.active:
            raise denied()
        return participant

    def by_connection_token(self, token: str) -> Participant:
        connection = self.connection_tokens.get(token)
        if connection is None or connection.expiry <= now():
            raise denied()
        participant = connection.participant
        if not participant.active or not participant.contact.active:
            raise denied()
        return participant

    def _sweep(self, moment: float) -> None:
        """Forget websocket URLs never opened once they expire (checked every few hundred calls)."""
        self._sweep_countdown -= 1
        if self._sweep_countdown > 0:
            return
        self._sweep_countdown = _SWEEP_EVERY
        for token in [t for t, c in self.socket_tokens.items() if c.expiry <= moment]:
            del self.socket_tokens[token]

    # -- the Participant Service -----------------------------------------------------------------

    def create_participant_connection(
        self, participant: Participant, body: dict[str, Any], socket_base: str
    ) -> dict[str, Any]:
        kinds = body.get("Type") or []
        if not kinds and not body.get("ConnectParticipant"):
            raise invalid("Type must contain at least one connection type unless ConnectParticipant is true")
        moment = now()
        self._sweep(moment)
        answer: dict[str, Any] = {}
        if "WEBSOCKET" in kinds:
            auth = new_token()
            expiry = moment + self.settings.connection_expiry_seconds
            self.socket_tokens[auth] = _Connection(participant, expiry)
            answer["Websocket"] = {"Url": f"{socket_base}?AuthToken={auth}", "ConnectionExpiry": iso(expiry)}
        if "CONNECTION_CREDENTIALS" in kinds:
            token = new_token()
            expiry = moment + self.settings.connection_token_seconds
            self.connection_tokens[token] = _Connection(participant, expiry)
            answer["ConnectionCredentials"] = {"ConnectionToken": token, "Expiry": iso(expiry)}
        if "WEBRTC_CONNECTION" in kinds:
            meeting = new_id()
            media = f"wss://media.emulator.invalid/{meeting}"
            answer["WebRTCConnection"] = {
                "Attendee": {"AttendeeId": new_id(), "JoinToken": new_token()},
                "Meeting": {
                    "MediaPlacement": {
                        "AudioHostUrl": f"{media}/audio",
                        "AudioFallbackUrl": f"{media}/audio-fallback",
                        "SignalingUrl": f"{media}/signal",
                        "EventIngestionUrl": f"https://media.emulator.invalid/{meeting}/events",
                    },
                    "MeetingFeatures": {"Audio": {"EchoReduction": "AVAILABLE"}},
                    "MeetingId": meeting,
                },
            }
        if body.get("ConnectParticipant"):
            participant.connected = True
        return answer

    def send_message(self, participant: Participant, body: dict[str, Any]) -> dict[str, Any]:
        client_token = body.get("ClientToken")
        if client_token and client_token in participant.sent:
            return participant.sent[client_token]
        content_type = body["ContentType"]
        supported = participant.contact.supported_types
        if content_type not in supported:
            raise invalid(
                f"ContentType {content_type} is not supported for messages in this chat; supported: "
                + ", ".join(sorted(supported))
            )
        content = body["Content"]
        limit = self.settings.message_limits.get(content_type)
        if limit is not None and len(content) > limit:
            # The spec does not say which error the service gives for a message over its feature
            # limit; a 400 ValidationException is what the model has for bad input to SendMessage.
            raise invalid(
                f"Content has {len(content)} characters; a message of ContentType {content_type} may "
                f"have at most {limit} characters"
            )
        if content_type == "application/json":
            _require_json(content, "Content")
        item = self._post(participant.contact, participant, "MESSAGE", content_type, content)
        answer = {"Id": item["Id"], "AbsoluteTime": item["AbsoluteTime"]}
        if client_token:
            participant.sent[client_token] = answer
        return answer

    def send_event(self, participant: Participant, body: dict[str, Any]) -> dict[str, Any]:
        content_type = body["ContentType"]
        content = body.get("Content")
        client_token = body.get("ClientToken")
        if client_token and client_token in participant.events:
            asked, answer = participant.events[client_token]
            if asked != (content_type, content):
                raise ApiError(
                    "ConflictException",
                    "ClientToken was already used for a different event by this participant",
                )
            return answer
        if not content_type.startswith(EVENT_PREFIX):
            raise invalid(f"ContentType {content_type} is not an event type (expected {EVENT_PREFIX}*)")
        contact = participant.contact
        if content_type in (DELIVERED, READ):
            answer = self._receipt(participant, content_type, content)
        else:
            # Typing is a passing signal: delivered on the sockets, never kept in the transcript.
            item = self._post(
                contact, participant, "EVENT", content_type, content, transcript=content_type != TYPING
            )
            answer = {"Id": item["Id"], "AbsoluteTime": item["AbsoluteTime"]}
        if client_token:
            participant.events[client_token] = ((content_type, content), answer)
        return answer

    def _receipt(self, participant: Participant, content_type: str, content: str | None) -> dict[str, Any]:
        """A delivered/read receipt: the message's MessageMetadata changes, sockets get MESSAGEMETADATA."""
        parsed = _require_json(content, "Content") if content is not None else None
        message_id = parsed.get("messageId") if isinstance(parsed, dict) else None
        if not isinstance(message_id, str):
            raise invalid('Content of a receipt must be JSON {"messageId": "<Id of a message>"}')
        contact = participant.contact
        message = contact.by_id.get(message_id)
        if message is None or message.get("Type") != "MESSAGE":
            raise invalid(f"messageId {message_id} is not a message of this chat")
        moment = now()
        stamp = iso(moment)
        metadata = message.setdefault("MessageMetadata", {"MessageId": message_id, "Receipts": []})
        receipts = metadata.setdefault("Receipts", [])
        receipt = next((r for r in receipts if r.get("RecipientParticipantId") == participant.id), None)
        if receipt is None:
            receipt = {"RecipientParticipantId": participant.id}
            receipts.append(receipt)
        key = "ReadTimestamp" if content_type == READ else "DeliveredTimestamp"
        receipt.setdefault(key, stamp)
        event_id = new_id()
        frame_item = {
            "AbsoluteTime": stamp,
            "ContentType": METADATA,
            "Id": event_id,
            "Type": "MESSAGEMETADATA",
            "MessageMetadata": {"MessageId": message_id, "Receipts": [dict(receipt)]},
            "ContactId": contact.id,
        }
        self._deliver(contact, frame_item)
        for watch in self.item_watchers:
            watch(contact, frame_item)
        return {"Id": event_id, "AbsoluteTime": stamp}

    def disconnect_participant(self, participant: Participant, body: dict[str, Any]) -> dict[str, Any]:
        participant.left_with = body.get("ClientToken") or ""
        self._leave(participant)
        if participant.role == "CUSTOMER":
            self.end_chat(participant.contact, "CUSTOMER_DISCONNECT")
        return {}

    def disconnect_retry(self, token: str, client_token: str | None) -> bool:
        """True when this is a retry of a DisconnectParticipant that already succeeded."""
        connection = self.connection_tokens.get(token)
        if connection is None or not client_token:
            return False
        return connection.participant.left_with == client_token

    def get_transcript(self, participant: Participant, body: dict[str, Any]) -> dict[str, Any]:
        contact = participant.contact
        contact_id = body.get("ContactId")
        if contact_id is not None and contact_id != contact.id:
            related = self.contacts.get(contact_id)
            if related is None or related.initial_contact_id != contact.initial_contact_id:
                raise denied(f"Not allowed to read the transcript of contact {contact_id}")
            contact = related
        items = contact.items
        # The model documents MaxResults as "Default: 10".
        max_results = body.get("MaxResults", 10)
        sort = body.get("SortOrder", "DESCENDING")
        position = body.get("StartPosition") or {}
        next_token = body.get("NextToken")
        if next_token is not None:
            forward, start = self._resume(contact, next_token)
        else:
            given = [name for name in ("Id", "AbsoluteTime", "MostRecent") if position.get(name) is not None]
            if len(given) > 1:
                raise invalid(
                    "StartPosition takes only one of Id, AbsoluteTime and MostRecent; got " + ", ".join(given)
                )
            direction = body.get("ScanDirection", "FORWARD" if given else "BACKWARD")
            forward = direction == "FORWARD"
            start = self._start(contact, position, forward)
        step = 1 if forward else -1
        page: list[dict[str, Any]] = []
        index = start
        while 0 <= index < len(items) and len(page) < max_results:
            page.append(items[index])
            index += step
        answer: dict[str, Any] = {"InitialContactId": contact.initial_contact_id}
        ascending = page if forward else page[::-1]
        answer["Transcript"] = ascending if sort == "ASCENDING" else ascending[::-1]
        if 0 <= index < len(items):
            answer["NextToken"] = _encode_token(contact, items[index]["Id"], forward)
        return answer

    def _start(self, contact: Contact, position: dict[str, Any], forward: bool) -> int:
        items = contact.items
        if position.get("Id") is not None:
            item = contact.by_id.get(position["Id"])
            if item is None:
                raise invalid(f"StartPosition.Id {position['Id']} is not an item of this chat")
            return self._index(contact, item["Id"])
        if position.get("AbsoluteTime") is not None:
            moment = parse_iso(position["AbsoluteTime"])
            if moment is None:
                raise invalid(
                    "StartPosition.AbsoluteTime must be an ISO-8601 time, e.g. 2019-11-25T21:56:46.045Z"
                )
            # Times are compared at the millisecond the wire shows.
            cut = round(moment, 3)
            if forward:
                return bisect.bisect_left(contact.keys, (cut, -1))
            return bisect.bisect_right(contact.keys, (cut + 0.0009999, 1 << 62)) - 1
        if position.get("MostRecent") is not None:
            return max(len(items) - 1 - position["MostRecent"], 0)
        return 0 if forward else len(items) - 1

    def _resume(self, contact: Contact, next_token: str) -> tuple[bool, int]:
        try:
            data = json.loads(base64.urlsafe_b64decode(next_token.encode()))
            tag, item_id, forward = data["c"], data["i"], data["f"]
        except (ValueError, KeyError, TypeError, binascii.Error):
            raise invalid(
                "NextToken is not valid; pass the NextToken of a previous GetTranscript call"
            ) from None
        if tag != _contact_tag(contact) or item_id not in contact.by_id:
            raise invalid("NextToken does not belong to this chat")
        return bool(forward), self._index(contact, item_id)

    @staticmethod
    def _index(contact: Contact, item_id: str) -> int:
        return bisect.bisect_left(contact.keys, contact.key_of[item_id])

    # -- attachments -----------------------------------------------------------------------------

    def start_attachment_upload(
        self, participant: Participant, body: dict[str, Any], base: str
    ) -> dict[str, Any]:
        contact = participant.contact
        settings = self.settings
        client_token = body["ClientToken"]
        if client_token in participant.uploads:
            return participant.uploads[client_token]
        content_type = body["ContentType"]
        name = body["AttachmentName"]
        size = body["AttachmentSizeInBytes"]
        if content_type not in settings.attachment_content_types:
            raise invalid(f"ContentType {content_type} is not an allowed attachment type")
        if any(ch in name for ch in "/\\") or any(ord(ch) < 32 for ch in name):
            raise invalid("AttachmentName must not contain path separators or control characters")
        if size > settings.attachment_max_bytes:
            raise invalid(
                f"AttachmentSizeInBytes {size} is over the {settings.attachment_max_bytes} byte limit"
            )
        pending = sum(
            1
            for a in contact.attachments.values()
            if a.participant is participant and a.completed_with is None
        )
        if pending >= settings.attachment_uploads_in_progress_limit:
            raise ApiError(
                "ServiceQuotaExceededException",
                f"A participant can have at most {settings.attachment_uploads_in_progress_limit} "
                "attachment uploads in progress; complete one first",
            )
        attachment = Attachment(
            id=new_id(),
            participant=participant,
            content_type=content_type,
            name=name,
            size=size,
            upload_token=new_token(),
            upload_expiry=now() + settings.attachment_url_seconds,
        )
        contact.attachments[attachment.id] = attachment
        self.attachments[attachment.id] = attachment
        answer = {
            "AttachmentId": attachment.id,
            "UploadMetadata": {
                "Url": f"{base}/_attachments/{attachment.id}?X-Amz-Security-Token={attachment.upload_token}",
                "UrlExpiry": iso(attachment.upload_expiry),
                "HeadersToInclude": {"Content-Type": content_type},
            },
        }
        participant.uploads[client_token] = answer
        return answer

    def upload(
        self, attachment_id: str, token: str, content_type: str | None, data: bytes
    ) -> tuple[int, str]:
        """The PUT to an upload URL: (status, reason) as S3 would answer."""
        attachment = self.attachments.get(attachment_id)
        if attachment is None or not secrets.compare_digest(attachment.upload_token, token):
            return 403, "AccessDenied"
        if attachment.upload_expiry <= now():
            return 403, "Request has expired"
        if content_type != attachment.content_type:
            return 403, "SignatureDoesNotMatch: Content-Type must be the one in HeadersToInclude"
        if len(data) != attachment.size:
            return 400, f"IncompleteBody: expected {attachment.size} bytes, got {len(data)}"
        attachment.data = data
        return 200, "OK"

    def complete_attachment_upload(self, participant: Participant, body: dict[str, Any]) -> dict[str, Any]:
        client_token = body["ClientToken"]
        attachment_id = body["AttachmentIds"][0]
        attachment = participant.contact.attachments.get(attachment_id)
        if attachment is None or attachment.participant is not participant:
            raise invalid(f"AttachmentId {attachment_id} was not started by this participant")
        if attachment.completed_with is not None:
            if attachment.completed_with == client_token:
                return {}
            raise ApiError("ConflictException", f"Attachment {attachment_id} is already completed")
        if attachment.data is None:
            raise invalid(f"Attachment {attachment_id} has not been uploaded to its upload URL yet")
        done = [a for a in participant.contact.attachments.values() if a.completed_with is not None]
        limit = self.settings.attachment_count_limit
        if len(done) >= limit:
            raise ApiError(
                "ServiceQuotaExceededException",
                f"TOTAL_FILE_COUNT_EXCEEDED: a chat can have {limit} attachments",
            )
        total = sum(a.size for a in done) + attachment.size
        if total > self.settings.attachment_total_bytes_limit:
            raise ApiError(
                "ServiceQuotaExceededException",
                f"TOTAL_FILE_SIZE_EXCEEDED: the attachments of a chat may total "
                f"{self.settings.attachment_total_bytes_limit} bytes",
            )
        attachment.completed_with = client_token
        self._post(
            participant.contact,
            participant,
            "ATTACHMENT",
            attachment.content_type,
            None,
            attachments=[
                {
                    "ContentType": attachment.content_type,
                    "AttachmentId": attachment.id,
                    "AttachmentName": attachment.name,
                    "Status": "APPROVED",
                }
            ],
        )
        return {}

    def get_attachment(self, participant: Participant, body: dict[str, Any], base: str) -> dict[str, Any]:
        attachment = participant.contact.attachments.get(body["AttachmentId"])
        if attachment is None or attachment.completed_with is None:
            raise invalid(f"AttachmentId {body['AttachmentId']} is not a completed attachment of this chat")
        expiry = now() + body.get("UrlExpiryInSeconds", 300)
        disposition = body.get("UrlContentDisposition", "ATTACHMENT")
        grant = _sign(attachment, expiry, disposition)
        return {
            "Url": f"{base}/_attachments/{attachment.id}?Expires={expiry:.3f}&Disposition={disposition}"
            f"&Signature={grant}",
            "UrlExpiry": iso(expiry),
            "AttachmentSizeInBytes": attachment.size,
        }

    def download(
        self, attachment_id: str, expires: str, disposition: str, signature: str
    ) -> tuple[int, Attachment | None]:
        attachment = self.attachments.get(attachment_id)
        if attachment is None or attachment.data is None:
            return 404, None
        try:
            expiry = float(expires)
        except ValueError:
            return 403, None
        if not secrets.compare_digest(_sign(attachment, expiry, disposition), signature) or expiry <= now():
            return 403, None
        return 200, attachment

    # -- views and authentication ----------------------------------------------------------------

    def add_view(
        self,
        name: str,
        template: str,
        input_schema: str = "{}",
        actions: Iterable[str] = (),
        version: int = 1,
    ) -> str:
        token = new_token()
        view_id = new_id()
        self.views[token] = {
            "Id": view_id,
            "Arn": f"arn:aws:connect:{REGION}:{ACCOUNT}:instance/emulator/view/{view_id}:{version}",
            "Name": name,
            "Version": version,
            "Content": {"InputSchema": input_schema, "Template": template, "Actions": list(actions)},
        }
        return token

    def describe_view(self, participant: Participant, view_token: str) -> dict[str, Any]:
        view = self.views.get(view_token)
        if view is None:
            raise ApiError("ResourceNotFoundException", "The view does not exist", ResourceType="CONTACT")
        return {"View": view}

    def get_authentication_url(
        self, participant: Participant, body: dict[str, Any], base: str
    ) -> dict[str, Any]:
        session_id = body["SessionId"]
        self.auth_sessions[session_id] = {
            "participant": participant,
            "redirect": body["RedirectUri"],
            "cancelled": False,
        }
        return {"AuthenticationUrl": f"{base}/_emulator/authenticate?sessionId={session_id}"}

    def cancel_participant_authentication(
        self, participant: Participant, body: dict[str, Any]
    ) -> dict[str, Any]:
        session = self.auth_sessions.get(body["SessionId"])
        if session is not None and session["participant"] is participant:
            session["cancelled"] = True
        return {}

    # -- websockets ------------------------------------------------------------------------------

    def claim_socket_token(self, token: str) -> tuple[Participant | None, int, str]:
        """Check a websocket URL's AuthToken at the handshake: (participant, status, reason)."""
        connection = self.socket_tokens.pop(token, None)
        if connection is None:
            return None, 403, "Forbidden"
        if connection.expiry <= now():
            return None, 403, "Forbidden: the websocket URL has expired"
        participant = connection.participant
        if not participant.active or not participant.contact.active:
            return None, 403, "Forbidden"
        if len(participant.sockets) >= self.settings.max_sockets_per_participant:
            self.socket_tokens[token] = connection
            return None, 429, "Too many websockets for this participant"
        return participant, 101, "OK"

    def drop_sockets(self, contact_id: str | None = None, participant_id: str | None = None) -> int:
        dropped = 0
        for contact in list(self.contacts.values()):
            if contact_id is not None and contact.id != contact_id:
                continue
            for participant in contact.participants.values():
                if participant_id is not None and participant.id != participant_id:
                    continue
                for channel in list(participant.sockets):
                    channel.abort()
                    dropped += 1
        return dropped

    # -- items -----------------------------------------------------------------------------------

    def _post(
        self,
        contact: Contact,
        participant: Participant | None,
        kind: str,
        content_type: str,
        content: str | None,
        attachments: list[dict[str, Any]] | None = None,
        transcript: bool = True,
    ) -> dict[str, Any]:
        # Each new item of a chat is at least a millisecond after the previous one, so that
        # AbsoluteTime alone orders a chat's items (clients sort and page by it).
        millisecond = max(int(now() * 1000), contact.last_posted + 1)
        contact.last_posted = millisecond
        item: dict[str, Any] = {
            "AbsoluteTime": iso(millisecond / 1000),
            "ContentType": content_type,
            "Id": new_id(),
            "Type": kind,
        }
        if content is not None:
            item["Content"] = content
        if participant is not None:
            item["ParticipantId"] = participant.id
            item["DisplayName"] = participant.display_name
            item["ParticipantRole"] = participant.role
        else:
            item["ParticipantRole"] = "SYSTEM"
        if attachments is not None:
            item["Attachments"] = attachments
        item["ContactId"] = contact.id
        return self.add_item(contact, item, deliver=True, transcript=transcript)

    def add_item(
        self, contact: Contact, item: dict[str, Any], deliver: bool = True, transcript: bool = True
    ) -> dict[str, Any]:
        """Store and/or deliver one item; a known Id updates that item (streamed replies)."""
        if not item.get("Id"):
            item["Id"] = new_id()
        moment = parse_iso(item["AbsoluteTime"]) if item.get("AbsoluteTime") else None
        if moment is None:
            moment = now()
            item["AbsoluteTime"] = iso(moment)
        item.setdefault("ContactId", contact.id)
        if transcript:
            known = contact.by_id.get(item["Id"])
            if known is not None:
                known.clear()
                known.update(item)
            else:
                stored = dict(item)
                self._insert(contact, stored, round(moment, 3))
        if deliver:
            self._deliver(contact, item)
        for watch in self.item_watchers:
            watch(contact, item)
        return item

    def _insert(self, contact: Contact, item: dict[str, Any], moment: float | None = None) -> None:
        if moment is None:
            moment = round(parse_iso(item["AbsoluteTime"]) or now(), 3)
        contact.seq += 1
        key = (moment, contact.seq)
        contact.key_of[item["Id"]] = key
        position = bisect.bisect_right(contact.keys, key)
        contact.keys.insert(position, key)
        contact.items.insert(position, item)
        contact.by_id[item["Id"]] = item

    def _deliver(self, contact: Contact, item: dict[str, Any]) -> None:
        if not any(p.sockets for p in contact.participants.values()):
            return
        wire = dict(item)
        wire["InitialContactId"] = contact.initial_contact_id
        frame = json.dumps(
            {
                "topic": "aws/chat",
                "contentType": "application/json",
                "content": json.dumps(wire, separators=(",", ":")),
            },
            separators=(",", ":"),
        )
        for participant in contact.participants.values():
            for channel in participant.sockets:
                if channel.subscribed:
                    channel.push(frame)

    # -- leaving and ending ----------------------------------------------------------------------

    def _leave(self, participant: Participant) -> None:
        if not participant.active:
            return
        contact = participant.contact
        self._post(contact, participant, "EVENT", LEFT, None)
        participant.active = False
        participant.connected = False
        for channel in list(participant.sockets):
            channel.close(1000, "participant left")

    def end_chat(self, contact: Contact, reason: str = "API") -> None:
        """The chat ends: a chat ended item, every socket closed, every token refused from now on."""
        if not contact.active:
            return
        self._post(contact, None, "EVENT", CHAT_ENDED, None)
        contact.ended = now()
        contact.disconnect_reason = reason
        self.active_chats[contact.instance_id] -= 1
        if contact.timer is not None:
            contact.timer.cancel()
            contact.timer = None
        for participant in contact.participants.values():
            participant.active = False
            participant.connected = False
            for channel in list(participant.sockets):
                channel.close(1000, "chat ended")
        if self._schedule is not None:
            self._schedule(self.settings.ended_chat_retention_seconds, lambda: self._forget(contact))

    def _forget(self, contact: Contact) -> None:
        """Drop an ended chat's data after the retention time; its tokens stay refused (unknown = 403)."""
        self.contacts.pop(contact.id, None)
        self.instances.get(contact.instance_id, {}).pop(contact.id, None)
        for participant in contact.participants.values():
            self.participant_tokens.pop(participant.token, None)
        for token in [t for t, c in self.connection_tokens.items() if c.participant.contact is contact]:
            del self.connection_tokens[token]
        for attachment_id in contact.attachments:
            self.attachments.pop(attachment_id, None)


def _contact_tag(contact: Contact) -> str:
    return hashlib.sha256(contact.id.encode()).hexdigest()[:16]


def _encode_token(contact: Contact, item_id: str, forward: bool) -> str:
    raw = json.dumps({"c": _contact_tag(contact), "i": item_id, "f": forward}, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode()


_SIGNING_KEY = secrets.token_bytes(32)


def _sign(attachment: Attachment, expiry: float, disposition: str) -> str:
    message = f"{attachment.id}|{expiry:.3f}|{disposition}".encode()
    return hashlib.sha256(_SIGNING_KEY + message).hexdigest()


def _require_json(content: str | None, where: str) -> Any:
    try:
        return json.loads(content or "")
    except ValueError:
        raise invalid(f"{where} must be valid JSON for this ContentType") from None

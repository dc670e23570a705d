"""The chat service's state and rules, without any I/O.

Contacts, participants, tokens, transcripts, attachments and views live here, and every operation
of both services is one synchronous method that either returns the JSON answer or raises
`ApiError`. The HTTP layer (`_server`) turns requests into calls and errors into responses; sockets
are reached only through the small `Channel` interface, so the rules stay testable and fast.
All methods run on the server's event loop thread.

Each rule that differs from "accept anything" names its source (AWS's API reference, the model, or
an official client); where the source is silent the stricter reading is taken and said so.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
import secrets
import urllib.parse
import uuid
from collections.abc import Callable, Iterable
from typing import Any, Protocol

import attrs

from paws_compat.emulator._clock import iso, now
from paws_compat.emulator._errors import ERROR_STATUS, ApiError, denied, invalid
from paws_compat.emulator._idempotency import ClientTokens
from paws_compat.emulator._json import loads
from paws_compat.emulator._limits import Limits
from paws_compat.emulator._transcript import Transcript

__all__ = ["ERROR_STATUS", "ApiError", "ChatService", "Contact", "Limits", "Participant"]

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

_SWEEP_EVERY = 512
_CONTENT_DEPTH = 64

ACCOUNT = "123456789012"
_PARTICIPANT = "connectparticipant"
# botocore's model: UrlMetadataSignedHeadersValue is at most 256 characters.
_HEADER_VALUE_MAX = 256
_SPACES = re.compile(" +")
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
class _Connection:
    participant: Participant
    expiry: float


@attrs.define(eq=False)
class _AuthSession:
    participant: Participant
    redirect: str
    cancelled: bool = False


class ChatService:
    """Both services' rules over one in-memory store; one instance per emulator."""

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
        self.connection_tokens: dict[str, _Connection] = {}
        self.socket_tokens: dict[str, _Connection] = {}
        self.attachments: dict[str, Attachment] = {}
        self.views: dict[str, dict[str, Any]] = {}
        self.auth_sessions: dict[str, _AuthSession] = {}
        # Called with every item a chat gets, stored or only delivered (the console's live feed).
        self.item_watchers: list[Callable[[Contact, dict[str, Any]], None]] = []
        self._sweep_countdown = _SWEEP_EVERY

    @property
    def settings(self) -> Limits:
        """The limits (the name the emulator's first versions used)."""
        return self.limits

    # -- Amazon Connect ----------------------------------------------------------------------

    def start_chat_contact(self, body: dict[str, Any]) -> dict[str, Any]:
        instance_id = body["InstanceId"]
        client_token = body.get("ClientToken")
        # StartChatContact's ClientToken: idempotency, as for every operation (see _idempotency).
        started = self.started.setdefault(instance_id, ClientTokens.of("connect", "StartChatContact")())
        request = {k: v for k, v in body.items() if k != "ClientToken"}
        replayed = started.replay(client_token, request)
        if replayed is not None:
            return dict(replayed)
        duration = body.get("ChatDurationInMinutes", self.limits.chat_duration_minutes)
        initial_message = body.get("InitialMessage")
        if initial_message and initial_message["ContentType"] not in MESSAGE_CONTENT_TYPES:
            raise ApiError(
                "InvalidRequestException",
                f"InitialMessage ContentType {initial_message['ContentType']} is not supported",
            )
        active = self.active_chats.get(instance_id, 0)
        if active >= self.limits.max_active_chats_per_instance:
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
        started.remember(client_token, request, answer)
        return dict(answer)

    def create_participant(self, body: dict[str, Any]) -> dict[str, Any]:
        """CreateParticipant as the Connect API takes it: only CUSTOM_BOT (see API_ROLES)."""
        role = (body.get("ParticipantDetails") or {}).get("ParticipantRole")
        if role not in API_ROLES:
            raise ApiError(
                "InvalidRequestException",
                f"ParticipantRole {role or '(none)'} cannot be added through CreateParticipant; the only "
                "valid role for a chat is CUSTOM_BOT (agents join through the contact control panel)",
            )
        return self.add_participant(body)

    def add_participant(self, body: dict[str, Any], roles: tuple[str, ...] = PANEL_ROLES) -> dict[str, Any]:
        """A participant joins: CreateParticipant's body, any role a contact control panel adds."""
        contact = self._contact(body["InstanceId"], body["ContactId"])
        details = body["ParticipantDetails"]
        role = details.get("ParticipantRole") or "AGENT"
        if role not in roles:
            raise ApiError(
                "InvalidRequestException", f"ParticipantRole {role} cannot be added; use {', '.join(roles)}"
            )
        client_token = body.get("ClientToken")
        request = {k: v for k, v in body.items() if k != "ClientToken"}
        replayed = contact.added.replay(client_token, request)
        if replayed is not None:
            return dict(replayed)
        if not contact.active:
            raise ApiError("ConflictException", f"Contact {contact.id} has ended")
        present = sum(1 for p in contact.participants.values() if p.active)
        if present >= self.limits.max_participants_per_contact:
            raise ApiError(
                "ServiceQuotaExceededException",
                f"A contact can have at most {self.limits.max_participants_per_contact} participants",
            )
        participant = self._add_participant(contact, role, details.get("DisplayName") or role.title())
        answer = {
            "ParticipantCredentials": {
                "ParticipantToken": participant.token,
                "Expiry": iso(contact.deadline),
            },
            "ParticipantId": participant.id,
        }
        contact.added.remember(client_token, request, answer)
        return dict(answer)

    def stop_contact(self, body: dict[str, Any]) -> dict[str, Any]:
        contact = self._contact(body["InstanceId"], body["ContactId"])
        # Amazon Connect API reference, StopContact: chat and task contacts "can be terminated in any
        # state, regardless of initiation method"; ContactNotFoundException is for voice contacts
        # that are not active. Stopping an ended chat therefore succeeds and changes nothing.
        if contact.active:
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
        for item in source.transcript:
            # A deep copy: a receipt on the new contact's copy must not change the old contact's item.
            past = copy.deepcopy(item)
            sent_on = past.pop("ContactId", None) or item.get("RelatedContactId")
            past["RelatedContactId"] = sent_on or source.id
            contact.transcript.put(past)

    # -- authentication --------------------------------------------------------------------------

    def by_participant_token(self, token: str) -> Participant:
        participant = self.participant_tokens.get(token)
        if participant is None or not participant.active or not participant.contact.active:
            raise denied()
        return participant

    def chat_of_token(self, token: str | None) -> str | None:
        """The ContactId a ParticipantToken or ConnectionToken belongs to, valid or not (the request
        log's); None for a token the emulator never handed out."""
        if not token:
            return None
        connection = self.connection_tokens.get(token)
        if connection is not None:
            return connection.participant.contact.id
        participant = self.participant_tokens.get(token)
        return participant.contact.id if participant is not None else None

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
            connection = self.socket_tokens.pop(token)
            connection.participant.issued.discard(token)

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
            expiry = moment + self.limits.connection_expiry_seconds
            self.socket_tokens[auth] = _Connection(participant, expiry)
            participant.issued.add(auth)
            answer["Websocket"] = {"Url": f"{socket_base}?AuthToken={auth}", "ConnectionExpiry": iso(expiry)}
        if "CONNECTION_CREDENTIALS" in kinds:
            token = new_token()
            expiry = moment + self.limits.connection_token_seconds
            self.connection_tokens[token] = _Connection(participant, expiry)
            participant.issued.add(token)
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
        request = (body["ContentType"], body["Content"])
        replayed = participant.messages.replay(client_token, request)
        if replayed is not None:
            return dict(replayed)
        content_type, content = request
        supported = participant.contact.supported_types
        if content_type not in supported:
            raise invalid(
                f"ContentType {content_type} is not supported for messages in this chat; supported: "
                + ", ".join(sorted(supported))
            )
        limit = self.limits.message_limits.get(content_type)
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
        participant.messages.remember(client_token, request, answer)
        return dict(answer)

    def send_event(self, participant: Participant, body: dict[str, Any]) -> dict[str, Any]:
        content_type = body["ContentType"]
        content = body.get("Content")
        client_token = body.get("ClientToken")
        request = (content_type, content)
        replayed = participant.events.replay(client_token, request)
        if replayed is not None:
            return dict(replayed)
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
        participant.events.remember(client_token, request, answer)
        return dict(answer)

    def _receipt(self, participant: Participant, content_type: str, content: str | None) -> dict[str, Any]:
        """A delivered/read receipt: the message's MessageMetadata changes, sockets get MESSAGEMETADATA."""
        parsed = _require_json(content, "Content") if content is not None else None
        message_id = parsed.get("messageId") if isinstance(parsed, dict) else None
        if not isinstance(message_id, str):
            raise invalid('Content of a receipt must be JSON {"messageId": "<Id of a message>"}')
        contact = participant.contact
        message = contact.transcript.get(message_id)
        if message is None or message.get("Type") != "MESSAGE":
            raise invalid(f"messageId {message_id} is not a message of this chat")
        stamp = iso(now())
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
        if participant.role == "CUSTOMER":
            # The customer leaving ends the chat. Its own sockets stay open until chat.ended has
            # been sent on them: amazon-connect-chatjs 4+ waits for chat.ended after
            # DisconnectParticipant so that what comes after the leave (a survey) still arrives,
            # and makes up a stand-in event when the socket closes first.
            self._leave(participant, close_sockets=False)
            self.end_chat(participant.contact, "CUSTOMER_DISCONNECT")
        else:
            self._leave(participant)
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
        return {"InitialContactId": contact.initial_contact_id, **contact.transcript.page(body)}

    # -- attachments -----------------------------------------------------------------------------

    def start_attachment_upload(
        self, participant: Participant, body: dict[str, Any], base: str
    ) -> dict[str, Any]:
        contact = participant.contact
        limits = self.limits
        client_token = body["ClientToken"]
        content_type = body["ContentType"]
        name = body["AttachmentName"]
        size = body["AttachmentSizeInBytes"]
        request = (content_type, name, size)
        replayed = participant.uploads.replay(client_token, request)
        if replayed is not None:
            return copy.deepcopy(replayed)
        if content_type not in limits.attachment_content_types:
            raise invalid(f"ContentType {content_type} is not an allowed attachment type")
        if any(ch in name for ch in "/\\") or any(ord(ch) < 32 for ch in name):
            raise invalid("AttachmentName must not contain path separators or control characters")
        if size > limits.attachment_max_bytes:
            raise invalid(
                f"AttachmentSizeInBytes {size} is over the {limits.attachment_max_bytes} byte limit"
            )
        pending = sum(
            1
            for a in contact.attachments.values()
            if a.participant is participant and a.completed_with is None
        )
        if pending >= limits.attachment_uploads_in_progress_limit:
            raise ApiError(
                "ServiceQuotaExceededException",
                f"A participant can have at most {limits.attachment_uploads_in_progress_limit} "
                "attachment uploads in progress; complete one first",
            )
        attachment_id = new_id()
        attachment = Attachment(
            id=attachment_id,
            participant=participant,
            content_type=content_type,
            name=name,
            size=size,
            upload_token=new_token(),
            upload_expiry=now() + limits.attachment_url_seconds,
            headers=_upload_headers(contact, content_type, name, size),
        )
        contact.attachments[attachment.id] = attachment
        self.attachments[attachment.id] = attachment
        signed = ";".join(sorted([*(h.lower() for h in attachment.headers), "host"]))
        query = urllib.parse.urlencode(
            {
                "X-Amz-Algorithm": "AWS4-HMAC-SHA256",
                "X-Amz-Expires": str(int(limits.attachment_url_seconds)),
                "X-Amz-SignedHeaders": signed,
                "X-Amz-Security-Token": attachment.upload_token,
            }
        )
        answer = {
            "AttachmentId": attachment.id,
            "UploadMetadata": {
                "Url": f"{base}/_attachments/{attachment.id}?{query}",
                "UrlExpiry": iso(attachment.upload_expiry),
                "HeadersToInclude": dict(attachment.headers),
            },
        }
        participant.uploads.remember(client_token, request, answer)
        return copy.deepcopy(answer)

    def upload(self, attachment_id: str, token: str, headers: dict[str, str], data: bytes) -> tuple[int, str]:
        """The PUT to an upload URL: (status, reason) as S3 would answer.

        S3 checks a presigned URL's signature over every header in X-Amz-SignedHeaders, so each of
        HeadersToInclude must come back exactly (else SignatureDoesNotMatch, 403).
        """
        attachment = self.attachments.get(attachment_id)
        if attachment is None or not secrets.compare_digest(attachment.upload_token, token):
            return 403, "AccessDenied"
        if attachment.upload_expiry <= now():
            return 403, "Request has expired"
        for name, value in attachment.headers.items():
            sent = headers.get(name.lower())
            if sent is None or _signed_value(sent) != _signed_value(value):
                return 403, f"SignatureDoesNotMatch: the {name} header must be the one in HeadersToInclude"
        if len(data) != attachment.size:
            return 400, f"IncompleteBody: expected {attachment.size} bytes, got {len(data)}"
        attachment.data = data
        return 200, "OK"

    def upload_size(self, attachment_id: str) -> int | None:
        """The bytes an upload URL may take (None: no such upload)."""
        attachment = self.attachments.get(attachment_id)
        return None if attachment is None else attachment.size

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
        limit = self.limits.attachment_count_limit
        if len(done) >= limit:
            raise ApiError(
                "ServiceQuotaExceededException",
                f"TOTAL_FILE_COUNT_EXCEEDED: a chat can have {limit} attachments",
            )
        total = sum(a.size for a in done) + attachment.size
        if total > self.limits.attachment_total_bytes_limit:
            raise ApiError(
                "ServiceQuotaExceededException",
                f"TOTAL_FILE_SIZE_EXCEEDED: the attachments of a chat may total "
                f"{self.limits.attachment_total_bytes_limit} bytes",
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
        # The SessionId comes from the authentication.initiated event the service sends to one
        # participant (API reference, GetAuthenticationUrl: "The sessionId provided in the
        # authenticationInitiated event"), so it belongs to that participant: another participant
        # presenting it is refused (stricter than unspecified; it used to take over the redirect).
        session_id = body["SessionId"]
        session = self.auth_sessions.get(session_id)
        if session is not None and session.participant is not participant:
            raise denied("SessionId belongs to another participant")
        self.auth_sessions[session_id] = _AuthSession(participant, body["RedirectUri"])
        participant.issued.add("auth:" + session_id)
        query = urllib.parse.urlencode({"sessionId": session_id})
        return {"AuthenticationUrl": f"{base}/_emulator/authenticate?{query}"}

    def cancel_participant_authentication(
        self, participant: Participant, body: dict[str, Any]
    ) -> dict[str, Any]:
        session = self.auth_sessions.get(body["SessionId"])
        if session is not None:
            if session.participant is not participant:
                raise denied("SessionId belongs to another participant")
            session.cancelled = True
        return {}

    def authenticate(self, session_id: str) -> str | None:
        """The authentication page's approval: the RedirectUri, once; None for unknown/cancelled."""
        session = self.auth_sessions.pop(session_id, None)
        if session is None or session.cancelled:
            return None
        session.participant.issued.discard("auth:" + session_id)
        return session.redirect

    # -- websockets ------------------------------------------------------------------------------

    def claim_socket_token(self, token: str) -> tuple[Participant | None, int, str]:
        """Check a websocket URL's AuthToken at the handshake: (participant, status, reason)."""
        connection = self.socket_tokens.pop(token, None)
        if connection is None:
            return None, 403, "Forbidden"
        participant = connection.participant
        participant.issued.discard(token)
        if connection.expiry <= now():
            return None, 403, "Forbidden: the websocket URL has expired"
        if not participant.active or not participant.contact.active:
            return None, 403, "Forbidden"
        if len(participant.sockets) >= self.limits.max_sockets_per_participant:
            self.socket_tokens[token] = connection
            participant.issued.add(token)
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
        item: dict[str, Any] = {
            "AbsoluteTime": contact.transcript.next_stamp(),
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
        if not item.get("AbsoluteTime"):
            item["AbsoluteTime"] = iso(now())
        item.setdefault("ContactId", contact.id)
        if transcript:
            contact.transcript.put(dict(item))
        if deliver:
            self._deliver(contact, item)
        for watch in self.item_watchers:
            watch(contact, item)
        return item

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
            for channel in list(participant.sockets):
                if channel.subscribed:
                    channel.push(frame)

    # -- leaving and ending ----------------------------------------------------------------------

    def _leave(self, participant: Participant, close_sockets: bool = True) -> None:
        if not participant.active:
            return
        contact = participant.contact
        self._post(contact, participant, "EVENT", LEFT, None)
        participant.active = False
        participant.connected = False
        if close_sockets:
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
            contact.timer = self._schedule(
                self.limits.ended_chat_retention_seconds, lambda: self.forget(contact)
            )

    def forget(self, contact: Contact) -> None:
        """Drop an ended chat completely: nothing of it stays reachable from the service.

        Its tokens are then unknown, which the service refuses like any spent token (403).
        """
        if contact.active:
            return
        contact.timer = None
        self.contacts.pop(contact.id, None)
        chats = self.instances.get(contact.instance_id, {})
        chats.pop(contact.id, None)
        if not chats:
            self.instances.pop(contact.instance_id, None)
        started = self.started.get(contact.instance_id)
        if started is not None:
            started.forget(lambda answer: answer.get("ContactId") == contact.id)
            if not len(started):
                self.started.pop(contact.instance_id, None)
                if not chats:
                    self.active_chats.pop(contact.instance_id, None)
        for participant in contact.participants.values():
            self.participant_tokens.pop(participant.token, None)
            for token in participant.issued:
                if token.startswith("auth:"):
                    self.auth_sessions.pop(token[5:], None)
                else:
                    self.connection_tokens.pop(token, None)
                    self.socket_tokens.pop(token, None)
            participant.issued.clear()
            participant.sockets.clear()
        for attachment_id in contact.attachments:
            self.attachments.pop(attachment_id, None)


def _upload_headers(contact: Contact, content_type: str, name: str, size: int) -> dict[str, str]:
    """The headers an upload URL is signed over, which the client must echo on its PUT.

    AWS's API reference says only "The headers to be provided while uploading the file to the URL"
    (a map, keys of 1-128 and values of 1-256 characters in botocore's model). The set is the one a
    real StartAttachmentUpload answered in amazon-connect-chatjs issue #188 (2023): Content-Type,
    Content-Length, Content-Disposition 'attachment; filename="..."', x-amz-acl
    bucket-owner-full-control and x-amz-meta- contact_id, initial_contact_id, account_id and
    organization_id. (There the filename had a number prefixed; how it is made is not known, so the
    name is kept as given.) chatjs sends HeadersToInclude as they are on its fetch PUT.
    """
    prefix, suffix = 'attachment; filename="', '"'
    room = _HEADER_VALUE_MAX - len(prefix) - len(suffix)
    ascii_name = name.encode("ascii", "replace").decode().replace('"', "_").replace("\\", "_")
    return {
        "Content-Type": content_type,
        "Content-Length": str(size),
        "Content-Disposition": prefix + ascii_name[:room] + suffix,
        "x-amz-acl": "bucket-owner-full-control",
        "x-amz-meta-contact_id": contact.id,
        "x-amz-meta-initial_contact_id": contact.initial_contact_id,
        "x-amz-meta-account_id": ACCOUNT,
        "x-amz-meta-organization_id": contact.instance_id,
    }


def _signed_value(value: str) -> str:
    """A header value as SigV4 signs it: trimmed, runs of spaces as one (AWS's SigV4 reference,
    "Create a canonical request": Trimall), so S3 accepts any value that canonicalises the same."""
    return _SPACES.sub(" ", value.strip())


_SIGNING_KEY = secrets.token_bytes(32)


def _sign(attachment: Attachment, expiry: float, disposition: str) -> str:
    message = f"{attachment.id}|{expiry:.3f}|{disposition}".encode()
    return hashlib.sha256(_SIGNING_KEY + message).hexdigest()


def _require_json(content: str | None, where: str) -> Any:
    try:
        return loads(content or "", _CONTENT_DEPTH)
    except ValueError:
        raise invalid(
            f"{where} must be valid JSON for this ContentType (at most {_CONTENT_DEPTH} deep)"
        ) from None

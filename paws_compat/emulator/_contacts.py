"""Amazon Connect's contact operations on the emulator's chats: every one `paws_compat.connect()`
offers (the operations of the packaged connect model), sans I/O like `_service`.

The chat itself (contacts, participants, transcripts, tokens) is `ChatService`'s; what Connect
keeps on a contact beyond the chat (name, references, streaming, timers, routing) lives here, in
a table keyed weakly by the contact, so it goes when the service forgets an ended chat. The
server routes each Connect operation to `ContactApi.call` after the SigV4 check and the model's
input checks.

Rules name their source: the API reference text in the pinned model's documentation. Where it is
silent the emulator accepts and stores (nothing it cannot show back is invented).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any

import attrs

from paws_compat._model import load_model
from paws_compat.emulator._clock import now
from paws_compat.emulator._errors import ApiError
from paws_compat.emulator._idempotency import ClientTokens
from paws_compat.emulator._records import Contact, Participant, new_id
from paws_compat.emulator._service import ChatService

__all__ = ["ContactApi"]

# ListContactReferences: a reference's Type -> its member of the ReferenceSummary union.
_SUMMARY_MEMBER = {
    "URL": "Url",
    "ATTACHMENT": "Attachment",
    "CONTACT_ANALYSIS": "ContactAnalysis",
    "NUMBER": "Number",
    "STRING": "String",
    "DATE": "Date",
    "EMAIL": "Email",
    "EMAIL_MESSAGE": "EmailMessage",
    "EMAIL_MESSAGE_PLAIN_TEXT": "EmailMessagePlainText",
    "EMAIL_MESSAGE_PLAIN_TEXT_REDACTED": "EmailMessagePlainTextRedacted",
    "EMAIL_MESSAGE_REDACTED": "EmailMessageRedacted",
}
# The members each summary shape has (the model's UrlReference, AttachmentReference, ...).
_SUMMARY_FIELDS = {
    "Url": ("Value",),
    "String": ("Value",),
    "Number": ("Value",),
    "Date": ("Value",),
    "Email": ("Value",),
    "Attachment": ("Value", "Status", "Arn"),
    "ContactAnalysis": ("Value", "Status", "Arn"),
}


@attrs.define(eq=False)
class _Extra:
    """What Amazon Connect keeps on one contact beyond the chat."""

    fields: dict[str, Any] = attrs.field(factory=dict)  # Name, Description, SegmentAttributes, ...
    references: dict[str, dict[str, Any]] = attrs.field(factory=dict)
    streams: dict[str, str] = attrs.field(factory=dict)  # StreamingId -> StreamingEndpointArn
    streaming: ClientTokens = attrs.field(factory=ClientTokens.of("connect", "StartContactStreaming"))
    associations: ClientTokens = attrs.field(
        factory=ClientTokens.of("connect", "CreatePersistentContactAssociation")
    )
    associated: bool = False
    timers: list[dict[str, Any]] = attrs.field(factory=list)
    initiation: str = "API"


def _invalid(message: str) -> ApiError:
    return ApiError("InvalidRequestException", message)


class ContactApi:
    """The Connect operations, one method each: (body, located) -> the JSON answer, or ApiError."""

    OPERATIONS = frozenset(load_model("connect").operations)

    def __init__(self, service: ChatService) -> None:
        self.service = service
        self._extras: weakref.WeakKeyDictionary[Contact, _Extra] = weakref.WeakKeyDictionary()
        # SendChatIntegrationEvent: (SourceId, DestinationId, Subtype) -> the chat they identify.
        self._integrations: weakref.WeakValueDictionary[tuple[str, str, str], Contact] = (
            weakref.WeakValueDictionary()
        )
        self._methods: dict[str, Callable[[dict[str, Any], dict[str, Any]], Any]] = {
            op.name: getattr(self, op.method_name) for op in load_model("connect").operations.values()
        }

    @classmethod
    def serves(cls, name: str) -> bool:
        return name in cls.OPERATIONS

    def call(self, name: str, body: dict[str, Any], located: dict[str, Any]) -> Any:
        return self._methods[name](body, located)

    # -- helpers -----------------------------------------------------------------------------

    def _contact(self, instance_id: str, contact_id: str) -> Contact:
        contact = self.service.instances.get(instance_id, {}).get(contact_id)
        if contact is None:
            raise ApiError(
                "ResourceNotFoundException", f"Contact {contact_id} not found in instance {instance_id}"
            )
        return contact

    def _active(self, instance_id: str, contact_id: str) -> Contact:
        contact = self._contact(instance_id, contact_id)
        if not contact.active:
            raise _invalid(f"Contact {contact.id} has ended")
        return contact

    def _extra(self, contact: Contact) -> _Extra:
        extra = self._extras.get(contact)
        if extra is None:
            extra = self._extras[contact] = _Extra()
        return extra

    def _customer(self, contact: Contact) -> Participant:
        return next(p for p in contact.participants.values() if p.role == "CUSTOMER")

    def _stream(self, contact: Contact, arn: str) -> str:
        streaming_id = new_id()
        self._extra(contact).streams[streaming_id] = arn
        return streaming_id

    # -- starting, joining, describing and ending a chat ------------------------------------

    def start_chat_contact(self, body: dict[str, Any], located: dict[str, Any]) -> Any:
        answer = self.service.start_chat_contact(body)
        streaming = body.get("ChatStreamingConfiguration")
        if streaming:
            contact = self.service.contacts[answer["ContactId"]]
            extra = self._extra(contact)
            # A replayed start (same ClientToken) gets its first StreamingId back.
            answer["StreamingId"] = next(iter(extra.streams), None) or self._stream(
                contact, streaming["StreamingEndpointArn"]
            )
        if body.get("SegmentAttributes"):
            self._extra(self.service.contacts[answer["ContactId"]]).fields["SegmentAttributes"] = dict(
                body["SegmentAttributes"]
            )
        return answer

    def create_participant(self, body: dict[str, Any], located: dict[str, Any]) -> Any:
        return self.service.create_participant(body)

    def stop_contact(self, body: dict[str, Any], located: dict[str, Any]) -> Any:
        return self.service.stop_contact(body)

    def describe_contact(self, body: dict[str, Any], located: dict[str, Any]) -> Any:
        answer = self.service.describe_contact(located["InstanceId"], located["ContactId"])
        extra = self._extras.get(self._contact(located["InstanceId"], located["ContactId"]))
        if extra is not None:
            described = answer["Contact"]
            described["InitiationMethod"] = extra.initiation
            described.update(extra.fields)
        return answer

    def start_outbound_chat_contact(self, body: dict[str, Any], located: dict[str, Any]) -> Any:
        # API reference: "SourceEndpoint only supports Endpoints with CONNECT_PHONENUMBER_ARN as
        # Type and DestinationEndpoint only supports Endpoints with TELEPHONE_NUMBER as Type."
        for member, wanted in (
            ("SourceEndpoint", "CONNECT_PHONENUMBER_ARN"),
            ("DestinationEndpoint", "TELEPHONE_NUMBER"),
        ):
            if body[member].get("Type") != wanted:
                raise _invalid(f"{member} Type must be {wanted}")
        destination = body["DestinationEndpoint"].get("Address") or "Customer"
        start = {
            "InstanceId": body["InstanceId"],
            "ContactFlowId": body["ContactFlowId"],
            "ParticipantDetails": body.get("ParticipantDetails") or {"DisplayName": destination[:256]},
        }
        for member in (
            "Attributes",
            "ChatDurationInMinutes",
            "RelatedContactId",
            "SupportedMessagingContentTypes",
            "ClientToken",
        ):
            if body.get(member) is not None:
                start[member] = body[member]
        answer = self.service.start_chat_contact(start)
        contact = self.service.contacts[answer["ContactId"]]
        extra = self._extra(contact)
        if extra.initiation != "OUTBOUND":  # not a replay
            extra.initiation = "OUTBOUND"
            extra.fields["SegmentAttributes"] = dict(body["SegmentAttributes"])
            extra.fields["CustomerEndpoint"] = dict(body["DestinationEndpoint"])
            extra.fields["SystemEndpoint"] = dict(body["SourceEndpoint"])
            message = body.get("InitialSystemMessage")
            if message:
                self.service.add_item(
                    contact,
                    {
                        "AbsoluteTime": contact.transcript.next_stamp(),
                        "ContentType": message["ContentType"],
                        "Content": message["Content"],
                        "Type": "MESSAGE",
                        "ParticipantRole": "SYSTEM",
                    },
                )
        return {"ContactId": answer["ContactId"]}

    def send_chat_integration_event(self, body: dict[str, Any], located: dict[str, Any]) -> Any:
        # API reference: identifiers that "do not map to an active chat contact" start a new chat
        # first. The emulator reads DestinationId as the instance the chat starts in.
        key = (body["SourceId"], body["DestinationId"], body.get("Subtype") or "")
        contact = self._integrations.get(key)
        created = contact is None or not contact.active
        if created:
            details = body.get("NewSessionDetails") or {}
            start: dict[str, Any] = {
                "InstanceId": body["DestinationId"],
                "ContactFlowId": "integration",
                "ParticipantDetails": details.get("ParticipantDetails")
                or {"DisplayName": body["SourceId"][:256]},
            }
            for member in ("Attributes", "SupportedMessagingContentTypes"):
                if details.get(member):
                    start[member] = details[member]
            answer = self.service.start_chat_contact(start)
            contact = self.service.contacts[answer["ContactId"]]
            streaming = details.get("StreamingConfiguration")
            if streaming:
                self._stream(contact, streaming["StreamingEndpointArn"])
            self._integrations[key] = contact
        assert contact is not None
        event = body["Event"]
        customer = self._customer(contact)
        try:
            if event["Type"] == "DISCONNECT":
                self.service.disconnect_participant(customer, {})
            elif event["Type"] == "MESSAGE":
                self.service.send_message(customer, _chat_content(event))
            else:
                self.service.send_event(customer, _chat_content(event))
        except ApiError as error:
            if error.code == "ValidationException":  # the Participant Service's word for it
                raise _invalid(error.message) from None
            raise
        return {"InitialContactId": contact.initial_contact_id, "NewChatCreated": created}

    def create_persistent_contact_association(self, body: dict[str, Any], located: dict[str, Any]) -> Any:
        instance_id = located["InstanceId"]
        contact = self._active(instance_id, located["InitialContactId"])
        source = self._contact(instance_id, body["SourceContactId"])
        if body["RehydrationType"] == "ENTIRE_PAST_SESSION":
            # "provide the initialContactId of the past ended chat session in the sourceContactId
            # field": the session's most recently ended contact is used.
            session = [
                c for c in self.service.instances[instance_id].values() if c.initial_contact_id == source.id
            ]
            ended = [c for c in session if not c.active and c is not contact]
            if not ended:
                raise _invalid(f"Chat session {source.id} has no ended contact to rehydrate from")
            source = max(ended, key=lambda c: c.ended or 0.0)
        elif source.active:
            raise _invalid(f"Source contact {source.id} has not ended yet")
        request = {k: v for k, v in body.items() if k != "ClientToken"}
        extra = self._extra(contact)
        replayed = extra.associations.replay(body.get("ClientToken"), request)
        if replayed is not None:
            return dict(replayed)
        if extra.associated:
            raise _invalid(f"Contact {contact.id} already continues contact {contact.related_contact_id}")
        contact.related_contact_id = source.id
        extra.associated = True
        self.service._copy_history(source, contact)  # persistent chat's one rule for past items
        answer = {"ContinuedFromContactId": source.id}
        extra.associations.remember(body.get("ClientToken"), request, answer)
        return dict(answer)

    # -- streaming ---------------------------------------------------------------------------

    def start_contact_streaming(self, body: dict[str, Any], located: dict[str, Any]) -> Any:
        contact = self._active(body["InstanceId"], body["ContactId"])
        extra = self._extra(contact)
        request = {k: v for k, v in body.items() if k != "ClientToken"}
        replayed = extra.streaming.replay(body["ClientToken"], request)
        if replayed is not None:
            return dict(replayed)
        answer = {
            "StreamingId": self._stream(contact, body["ChatStreamingConfiguration"]["StreamingEndpointArn"])
        }
        extra.streaming.remember(body["ClientToken"], request, answer)
        return dict(answer)

    def stop_contact_streaming(self, body: dict[str, Any], located: dict[str, Any]) -> Any:
        contact = self._contact(body["InstanceId"], body["ContactId"])
        extra = self._extras.get(contact)
        if extra is None or extra.streams.pop(body["StreamingId"], None) is None:
            raise ApiError(
                "ResourceNotFoundException",
                f"Streaming {body['StreamingId']} not found on contact {contact.id}",
            )
        return {}

    # -- attributes, details and references -------------------------------------------------

    def update_contact_attributes(self, body: dict[str, Any], located: dict[str, Any]) -> Any:
        # "You can create or update user-defined attributes for both ongoing and completed contacts."
        contact = self._contact(body["InstanceId"], body["InitialContactId"])
        contact.attributes.update(body["Attributes"])
        return {}

    def get_contact_attributes(self, body: dict[str, Any], located: dict[str, Any]) -> Any:
        contact = self._contact(located["InstanceId"], located["InitialContactId"])
        return {"Attributes": dict(contact.attributes)}

    def update_contact(self, body: dict[str, Any], located: dict[str, Any]) -> Any:
        contact = self._contact(located["InstanceId"], located["ContactId"])
        extra = self._extra(contact)
        for member in ("Name", "Description", "CustomerEndpoint", "SystemEndpoint"):
            if body.get(member) is not None:
                extra.fields[member] = body[member]
        if body.get("SegmentAttributes"):
            extra.fields.setdefault("SegmentAttributes", {}).update(body["SegmentAttributes"])
        if (body.get("QueueInfo") or {}).get("Id"):
            extra.fields["QueueInfo"] = {"Id": body["QueueInfo"]["Id"], "EnqueueTimestamp": now()}
        if (body.get("UserInfo") or {}).get("UserId"):
            extra.fields["AgentInfo"] = {"Id": body["UserInfo"]["UserId"]}
        for name, reference in (body.get("References") or {}).items():
            extra.references[name] = dict(reference)
        return {}

    def list_contact_references(self, body: dict[str, Any], located: dict[str, Any]) -> Any:
        contact = self._contact(located["InstanceId"], located["ContactId"])
        if located.get("NextToken"):  # every list fits in one page here: no token was handed out
            raise ApiError("InvalidParameterException", "NextToken is not one this API returned")
        wanted = set(located["ReferenceTypes"])
        extra = self._extras.get(contact)
        summaries = []
        for name, reference in (extra.references if extra is not None else {}).items():
            kind = str(reference["Type"])  # required by the model's Reference
            if kind not in wanted:
                continue
            member = _SUMMARY_MEMBER[kind]
            fields = _SUMMARY_FIELDS.get(member, ("Arn",))
            summary = {"Name": name, **{f: reference[f] for f in fields if reference.get(f) is not None}}
            summaries.append({member: summary})
        return {"ReferenceSummaryList": summaries}

    # -- participants ------------------------------------------------------------------------

    def update_participant_role_config(self, body: dict[str, Any], located: dict[str, Any]) -> Any:
        contact = self._active(located["InstanceId"], located["ContactId"])
        timers = body["ChannelConfiguration"].get("Chat", {}).get("ParticipantTimerConfigList", [])
        kept = {(t["ParticipantRole"], t["TimerType"]): t for t in self._extra(contact).timers}
        for timer in timers:
            kept[(timer["ParticipantRole"], timer["TimerType"])] = timer
        self._extra(contact).timers = list(kept.values())
        return {}

    def update_participant_authentication(self, body: dict[str, Any], located: dict[str, Any]) -> Any:
        # The emulator's authentication URL carries the SessionId as its state (GetAuthenticationUrl).
        session = self.service.auth_sessions.get(body["State"])
        if session is None:
            raise _invalid("State does not match an authentication in progress")
        if session.participant.contact.instance_id != body["InstanceId"]:
            raise _invalid(f"State does not belong to instance {body['InstanceId']}")
        if session.cancelled:
            raise ApiError("ConflictException", "The authentication was cancelled")
        if (body.get("Code") is None) == (body.get("Error") is None):
            raise _invalid("Give Code (the authentication succeeded) or Error (it failed), not both")
        self.service.authenticate(body["State"])  # done: the session is used up
        return {}

    def transfer_contact(self, body: dict[str, Any], located: dict[str, Any]) -> Any:
        contact = self._contact(body["InstanceId"], body["ContactId"])
        # API reference: "Transfer is only supported for TASK and EMAIL contacts", "Do not use both
        # QueueId and UserId", "can be called only on active contacts". Every contact here is a chat.
        if bool(body.get("QueueId")) == bool(body.get("UserId")):
            raise _invalid("Give QueueId or UserId (one of them)")
        if not contact.active:
            raise _invalid(f"Contact {contact.id} has ended")
        raise _invalid(
            f"Contact {contact.id} is a CHAT contact: transfer is only supported for TASK and EMAIL"
        )


def _chat_content(event: dict[str, Any]) -> dict[str, Any]:
    content = {"ContentType": event.get("ContentType") or ""}
    if event.get("Content") is not None:
        content["Content"] = event["Content"]
    return content

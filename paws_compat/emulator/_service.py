"""The chat service: both services' operations on one store, without any I/O.

`ChatService` is the one object the server, the control API, `Emulator` and the console hold. Its
rules are split by job into mixins over one `ServiceState` (`_records`): messages and events
(`_items`), attachments (`_attachments`) and tokens, connections and websockets (`_access`). This
module keeps what is left: a chat's life, from StartChatContact and participants joining through
leaving, ending and being forgotten. Every operation is one synchronous method that either
returns the JSON answer or raises `ApiError`; the HTTP layer (`_server`) turns requests into calls
and errors into responses, and sockets are reached only through the small `Channel` interface.
All methods run on the server's event loop thread.

Each rule that differs from "accept anything" names its source (AWS's API reference, the model, or
an official client); where the source is silent the stricter reading is taken and said so.
"""

from __future__ import annotations

import copy
from typing import Any

from paws_compat.emulator._access import AccessRules
from paws_compat.emulator._attachments import AttachmentRules
from paws_compat.emulator._clock import iso, now
from paws_compat.emulator._errors import ERROR_STATUS, ApiError
from paws_compat.emulator._idempotency import ClientTokens
from paws_compat.emulator._limits import Limits
from paws_compat.emulator._records import (
    API_ROLES,
    CHAT_ENDED,
    JOINED,
    LEFT,
    MESSAGE_CONTENT_TYPES,
    PANEL_ROLES,
    Contact,
    Participant,
    new_id,
    new_token,
)

__all__ = ["ERROR_STATUS", "ApiError", "ChatService", "Contact", "Limits", "Participant", "new_id"]


class ChatService(AttachmentRules, AccessRules):
    """Both services' rules over one in-memory store; one instance per emulator."""

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

"""Messages and events: what a participant sends, how an item is stored and fanned out to the
chat's websockets, receipts, and reading the transcript back.

Apart from `_service` because it is the hot path (SendMessage, SendEvent, GetTranscript) and the
one place an item is built and delivered; attachments and the chat's lifecycle post through it.
"""

from __future__ import annotations

import json
from typing import Any

from paws_compat.emulator._clock import iso, now
from paws_compat.emulator._errors import denied, invalid
from paws_compat.emulator._json import loads
from paws_compat.emulator._records import (
    DELIVERED,
    EVENT_PREFIX,
    METADATA,
    READ,
    TYPING,
    Contact,
    Participant,
    ServiceState,
    new_id,
)

_CONTENT_DEPTH = 64


class ItemRules(ServiceState):
    """SendMessage, SendEvent (receipts included) and GetTranscript, and the items they make."""

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

    def get_transcript(self, participant: Participant, body: dict[str, Any]) -> dict[str, Any]:
        contact = participant.contact
        contact_id = body.get("ContactId")
        if contact_id is not None and contact_id != contact.id:
            related = self.contacts.get(contact_id)
            if related is None or related.initial_contact_id != contact.initial_contact_id:
                raise denied(f"Not allowed to read the transcript of contact {contact_id}")
            contact = related
        return {"InitialContactId": contact.initial_contact_id, **contact.transcript.page(body)}

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


def _require_json(content: str | None, where: str) -> Any:
    try:
        return loads(content or "", _CONTENT_DEPTH)
    except ValueError:
        raise invalid(
            f"{where} must be valid JSON for this ContentType (at most {_CONTENT_DEPTH} deep)"
        ) from None

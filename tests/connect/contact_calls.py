"""A correct call of every Connect operation on a fresh chat of the emulator, for any client
(the arguments are the model's names, so paws_compat and boto3 take the same ones)."""

from __future__ import annotations

import uuid
from typing import Any

import paws_compat
from paws_compat.emulator import Emulator

STREAM = {"StreamingEndpointArn": "arn:aws:sns:us-east-1:123456789012:chat-stream"}
PHONE_ARN = "arn:aws:connect:us-east-1:123456789012:instance/i/phone-number/p"
# The one operation every correct call of is refused: the emulator's contacts are all chats.
REFUSED = {"TransferContact": "InvalidRequestException"}


class Chat:
    """A chat with an agent in an instance of its own, and the customer's connection token."""

    def __init__(self, emulator: Emulator, connect: Any) -> None:
        self.emulator = emulator
        self.connect = connect
        self.instance_id = f"instance-{uuid.uuid4()}"
        started = emulator.start_chat_with_agent(instance_id=self.instance_id)
        self.contact_id = started.contact_id
        self.participant = paws_compat.connectparticipant(endpoint=emulator.endpoint, region="us-east-1")
        self.customer = self.participant.create_participant_connection(
            ParticipantToken=started.customer.participant_token, Type=["CONNECTION_CREDENTIALS"]
        ).ConnectionCredentials.ConnectionToken

    @property
    def contact(self) -> dict[str, str]:
        return {"InstanceId": self.instance_id, "ContactId": self.contact_id}

    def ended_contact(self) -> str:
        started = self.connect.start_chat_contact(
            InstanceId=self.instance_id, ContactFlowId="flow", ParticipantDetails={"DisplayName": "Before"}
        )
        self.connect.stop_contact(InstanceId=self.instance_id, ContactId=started["ContactId"])
        return str(started["ContactId"])

    def authentication(self) -> str:
        session = str(uuid.uuid4())
        self.participant.get_authentication_url(
            ConnectionToken=self.customer, SessionId=session, RedirectUri="https://example.com/back"
        )
        return session

    def streaming_id(self) -> str:
        return str(
            self.connect.start_contact_streaming(
                **self.contact, ChatStreamingConfiguration=STREAM, ClientToken=str(uuid.uuid4())
            )["StreamingId"]
        )


def arguments(name: str, chat: Chat) -> dict[str, Any]:
    """Keyword arguments of a correct call of operation `name` on `chat`."""
    contact = chat.contact
    instance = {"InstanceId": chat.instance_id}
    if name == "StartChatContact":
        return {**instance, "ContactFlowId": "flow", "ParticipantDetails": {"DisplayName": "C"},
                "ChatStreamingConfiguration": STREAM}  # fmt: skip
    if name == "CreateParticipant":
        return {**contact, "ParticipantDetails": {"ParticipantRole": "CUSTOM_BOT", "DisplayName": "Bot"}}
    if name in ("StopContact", "DescribeContact"):
        return contact
    if name == "StartContactStreaming":
        return {**contact, "ChatStreamingConfiguration": STREAM, "ClientToken": str(uuid.uuid4())}
    if name == "StopContactStreaming":
        return {**contact, "StreamingId": chat.streaming_id()}
    if name == "UpdateContactAttributes":
        return {**instance, "InitialContactId": chat.contact_id, "Attributes": {"tier": "gold"}}
    if name == "GetContactAttributes":
        return {**instance, "InitialContactId": chat.contact_id}
    if name == "UpdateContact":
        return {
            **contact,
            "Name": "Refund",
            "References": {"order": {"Type": "URL", "Value": "https://x.test/1"}},
        }
    if name == "ListContactReferences":
        return {**contact, "ReferenceTypes": ["URL", "STRING"]}
    if name == "UpdateParticipantRoleConfig":
        timer = {"ParticipantRole": "CUSTOMER", "TimerType": "IDLE",
                 "TimerValue": {"ParticipantTimerDurationInMinutes": 5}}  # fmt: skip
        return {**contact, "ChannelConfiguration": {"Chat": {"ParticipantTimerConfigList": [timer]}}}
    if name == "UpdateParticipantAuthentication":
        return {**instance, "State": chat.authentication(), "Code": "from-cognito"}
    if name == "TransferContact":
        return {**contact, "ContactFlowId": "flow", "QueueId": "queue"}
    if name == "CreatePersistentContactAssociation":
        return {**instance, "InitialContactId": chat.contact_id, "RehydrationType": "FROM_SEGMENT",
                "SourceContactId": chat.ended_contact()}  # fmt: skip
    if name == "StartOutboundChatContact":
        return {**instance, "ContactFlowId": "flow",
                "SourceEndpoint": {"Type": "CONNECT_PHONENUMBER_ARN", "Address": PHONE_ARN},
                "DestinationEndpoint": {"Type": "TELEPHONE_NUMBER", "Address": "+15555550100"},
                "SegmentAttributes": {"connect:Subtype": {"ValueString": "connect:SMS"}}}  # fmt: skip
    if name == "SendChatIntegrationEvent":
        return {"SourceId": f"+1555{uuid.uuid4().int % 10**7:07d}", "DestinationId": chat.instance_id,
                "Subtype": "connect:SMS",
                "Event": {"Type": "MESSAGE", "ContentType": "text/plain", "Content": "hello"}}  # fmt: skip
    raise AssertionError(f"no correct call of {name} written here")

"""The emulator serves every Connect operation paws_compat.connect() offers, signed and verified:
our client and boto3's connect client (the outside check) get the same answers, an unsigned or
wrongly signed call of each is refused, and the operations do what the API reference says."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import botocore
import pytest
from botocore.config import Config as BotoConfig
from botocore.exceptions import ClientError

import paws_compat
from paws_compat._connect import ConnectClient
from paws_compat._model import Operation, load_model
from paws_compat.emulator import Emulator
from paws_compat.emulator._server import EmulatorServer
from paws_compat.errors import ServiceError
from tests.connect.conftest import KEY_ID, SECRET
from tests.connect.contact_calls import REFUSED, STREAM, Chat, arguments

CONNECT = load_model("connect")
OPERATIONS = list(CONNECT.operations.values())
CREDS = {"creds": {"access_key_id": KEY_ID, "secret_access_key": SECRET}}


def _boto3(emu: Emulator, secret: str = SECRET, unsigned: bool = False) -> Any:
    config = BotoConfig(retries={"max_attempts": 1})
    if unsigned:
        config = config.merge(BotoConfig(signature_version=botocore.UNSIGNED))
    return boto3.client(
        "connect",
        region_name="us-east-1",
        endpoint_url=emu.endpoint,
        aws_access_key_id=KEY_ID,
        aws_secret_access_key=secret,
        config=config,
    )


@pytest.fixture
def ours(signing_emulator: Emulator) -> Iterator[Any]:
    with paws_compat.connect(
        credentials=CREDS, endpoint=signing_emulator.endpoint, region="us-east-1"
    ) as client:
        yield client


def _outcome(call: Any) -> tuple[str, Any]:
    """("ok", the present members) or ("error", code), whichever client answered."""
    try:
        answer = call()
    except ServiceError as error:
        return "error", error.code
    except ClientError as error:
        return "error", error.response["Error"]["Code"]
    present = answer.to_dict() if hasattr(answer, "to_dict") else answer
    return "ok", sorted(set(present) - {"ResponseMetadata"})


def test_every_operation_the_client_offers_is_served() -> None:
    offered = {op.method_name for op in OPERATIONS}
    assert offered <= set(dir(ConnectClient))
    assert len(offered) == 16
    assert all(EmulatorServer.serves(op) for op in OPERATIONS)


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda op: op.name)
def test_ours_and_boto3_get_the_same_answer_signed_and_verified(
    signing_emulator: Emulator, ours: Any, operation: Operation
) -> None:
    # Only the registered key's valid signatures pass: an answer (or the operation's own refusal)
    # means the emulator verified the call.
    theirs = _boto3(signing_emulator)
    method = operation.method_name
    mine = _outcome(lambda: getattr(ours, method)(**arguments(operation.name, Chat(signing_emulator, ours))))
    boto = _outcome(
        lambda: getattr(theirs, method)(**arguments(operation.name, Chat(signing_emulator, theirs)))
    )
    assert mine == boto
    assert mine == (("error", REFUSED[operation.name]) if operation.name in REFUSED else ("ok", mine[1]))


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda op: op.name)
def test_an_unsigned_or_wrongly_signed_call_is_refused(
    signing_emulator: Emulator, operation: Operation
) -> None:
    with paws_compat.connect(
        credentials=CREDS, endpoint=signing_emulator.endpoint, region="us-east-1"
    ) as ours:
        kwargs = arguments(operation.name, Chat(signing_emulator, ours))
    with pytest.raises(ClientError) as unsigned:
        getattr(_boto3(signing_emulator, unsigned=True), operation.method_name)(**kwargs)
    assert unsigned.value.response["Error"]["Code"] == "MissingAuthenticationTokenException"
    with pytest.raises(ClientError) as wrong:
        getattr(_boto3(signing_emulator, secret="not-the-secret"), operation.method_name)(**kwargs)
    assert wrong.value.response["Error"]["Code"] == "InvalidSignatureException"
    assert wrong.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403


def test_streaming_attributes_details_and_references(signing_emulator: Emulator, ours: Any) -> None:
    started = ours.start_chat_contact(
        InstanceId="life", ContactFlowId="flow", ParticipantDetails={"DisplayName": "C"},
        Attributes={"lang": "en"}, ChatStreamingConfiguration=STREAM,
    )  # fmt: skip
    contact = {"InstanceId": "life", "ContactId": started.ContactId}
    assert started.StreamingId
    again = ours.start_contact_streaming(**contact, ChatStreamingConfiguration=STREAM, ClientToken="once")
    assert (
        ours.start_contact_streaming(**contact, ChatStreamingConfiguration=STREAM, ClientToken="once")
        == again
    )
    assert again.StreamingId != started.StreamingId
    ours.stop_contact_streaming(**contact, StreamingId=again.StreamingId)
    with pytest.raises(ServiceError) as gone:
        ours.stop_contact_streaming(**contact, StreamingId=again.StreamingId)
    assert gone.value.code == "ResourceNotFoundException"

    ours.update_contact_attributes(
        InstanceId="life", InitialContactId=started.ContactId, Attributes={"tier": "gold"}
    )
    expected = {"lang": "en", "tier": "gold"}
    assert (
        ours.get_contact_attributes(InstanceId="life", InitialContactId=started.ContactId).Attributes
        == expected
    )

    ours.update_contact(
        **contact, Name="Refund", Description="order 1", QueueInfo={"Id": "queue-1"},
        References={"order": {"Type": "URL", "Value": "https://x.test/1"},
                    "note": {"Type": "STRING", "Value": "fragile"}},
    )  # fmt: skip
    described = ours.describe_contact(**contact).Contact
    assert (described.Name, described.Description, described.QueueInfo.Id) == ("Refund", "order 1", "queue-1")
    assert described.Attributes == expected
    urls = ours.list_contact_references(**contact, ReferenceTypes=["URL"]).ReferenceSummaryList
    assert [r.to_dict() for r in urls] == [{"Url": {"Name": "order", "Value": "https://x.test/1"}}]
    both = ours.list_contact_references(**contact, ReferenceTypes=["URL", "STRING"]).ReferenceSummaryList
    assert sorted(next(iter(r.to_dict())) for r in both) == ["String", "Url"]

    timer = {
        "ParticipantRole": "AGENT",
        "TimerType": "IDLE",
        "TimerValue": {"ParticipantTimerDurationInMinutes": 3},
    }
    config = {"Chat": {"ParticipantTimerConfigList": [timer]}}
    ours.update_participant_role_config(**contact, ChannelConfiguration=config)
    ours.stop_contact(**contact)
    # Attributes may still change on a completed contact; timers and streaming need a live chat.
    ours.update_contact_attributes(
        InstanceId="life", InitialContactId=started.ContactId, Attributes={"done": "y"}
    )
    for refused in (
        lambda: ours.update_participant_role_config(**contact, ChannelConfiguration=config),
        lambda: ours.start_contact_streaming(
            **contact, ChatStreamingConfiguration=STREAM, ClientToken="late"
        ),
    ):
        with pytest.raises(ServiceError) as ended:
            refused()
        assert ended.value.code == "InvalidRequestException"


def test_an_outbound_chat_and_integration_events(signing_emulator: Emulator, ours: Any) -> None:
    chat = Chat(signing_emulator, ours)
    outbound = ours.start_outbound_chat_contact(
        **arguments("StartOutboundChatContact", chat),
        InitialSystemMessage={"ContentType": "text/plain", "Content": "Reply STOP to opt out"},
    )
    described = ours.describe_contact(InstanceId=chat.instance_id, ContactId=outbound.ContactId).Contact
    assert described.InitiationMethod == "OUTBOUND"
    assert described.CustomerEndpoint.Address == "+15555550100"
    assert described.SegmentAttributes["connect:Subtype"].ValueString == "connect:SMS"
    system = [
        i for i in signing_emulator.transcript(outbound.ContactId) if i.get("ParticipantRole") == "SYSTEM"
    ]
    assert [i["Content"] for i in system] == ["Reply STOP to opt out"]

    event = arguments("SendChatIntegrationEvent", chat)
    first = ours.send_chat_integration_event(**event)
    second = ours.send_chat_integration_event(**{**event, "Event": {**event["Event"], "Content": "again"}})
    assert (first.NewChatCreated, second.NewChatCreated) == (True, False)
    assert first.InitialContactId == second.InitialContactId
    said = [
        i["Content"] for i in signing_emulator.transcript(first.InitialContactId) if i["Type"] == "MESSAGE"
    ]
    assert said == ["hello", "again"]
    ours.send_chat_integration_event(**{**event, "Event": {"Type": "DISCONNECT"}})
    assert ours.describe_contact(
        InstanceId=chat.instance_id, ContactId=first.InitialContactId
    ).Contact.DisconnectReason
    after = ours.send_chat_integration_event(**event)
    assert after.NewChatCreated and after.InitialContactId != first.InitialContactId


def test_persistent_association_and_participant_authentication(signing_emulator: Emulator, ours: Any) -> None:
    chat = Chat(signing_emulator, ours)
    old = ours.start_chat_contact(
        InstanceId=chat.instance_id, ContactFlowId="f", ParticipantDetails={"DisplayName": "C"}
    )  # an earlier chat of the same customer
    said = {
        "Type": "MESSAGE",
        "ContentType": "text/plain",
        "Content": "from the last chat",
        "ParticipantRole": "AGENT",
    }
    signing_emulator.inject_item(old.ContactId, said)
    with pytest.raises(ServiceError) as live:
        ours.create_persistent_contact_association(
            InstanceId=chat.instance_id, InitialContactId=chat.contact_id, RehydrationType="FROM_SEGMENT",
            SourceContactId=old.ContactId,
        )  # fmt: skip
    assert live.value.code == "InvalidRequestException"
    ours.stop_contact(InstanceId=chat.instance_id, ContactId=old.ContactId)
    associated = ours.create_persistent_contact_association(
        InstanceId=chat.instance_id, InitialContactId=chat.contact_id, RehydrationType="ENTIRE_PAST_SESSION",
        SourceContactId=old.ContactId,
    )  # fmt: skip
    assert associated.ContinuedFromContactId == old.ContactId
    history = chat.participant.get_transcript(ConnectionToken=chat.customer).Transcript
    past = [i for i in history if i.Content == "from the last chat"]
    assert [i.RelatedContactId for i in past] == [old.ContactId]
    assert ours.describe_contact(**chat.contact).Contact.RelatedContactId == old.ContactId

    state = chat.authentication()
    with pytest.raises(ServiceError) as neither:
        ours.update_participant_authentication(InstanceId=chat.instance_id, State=state)
    assert neither.value.code == "InvalidRequestException"
    ours.update_participant_authentication(InstanceId=chat.instance_id, State=state, Code="from-cognito")
    with pytest.raises(ServiceError) as used:
        ours.update_participant_authentication(InstanceId=chat.instance_id, State=state, Code="from-cognito")
    assert used.value.code == "InvalidRequestException"
    cancelled = chat.authentication()
    chat.participant.cancel_participant_authentication(ConnectionToken=chat.customer, SessionId=cancelled)
    with pytest.raises(ServiceError) as conflict:
        ours.update_participant_authentication(
            InstanceId=chat.instance_id, State=cancelled, Error="access_denied"
        )
    assert conflict.value.code == "ConflictException"

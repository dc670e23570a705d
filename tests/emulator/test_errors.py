"""Every error the models list for every operation, provoked through boto3 and checked on the wire:
the code (from x-amzn-ErrorType), the status the model gives it, a message and a request id.

The (operation, error) pairs come from the model; a pair without a way to provoke it fails the
suite. Where the service has a real cause (a bad token, a bad input, a quota, a conflict) that cause
is used; 500s and throttling come from the fault table, which is how a client meets them.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from typing import Any

import boto3
import botocore
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from paws_compat._model import Operation, Shape, load_model
from paws_compat.emulator import Emulator
from paws_compat.emulator._server import EmulatorServer
from tests.emulator.conftest import NO_RETRIES, connect_client, participant_client
from tests.emulator.test_participant_operations import upload

PARTICIPANT = load_model("connectparticipant")
CONNECT = load_model("connect")


class Context:
    """Clients and a fresh chat for one provocation."""

    def __init__(self, emulator: Emulator) -> None:
        self.emulator = emulator
        self.participant = participant_client(emulator)
        self.connect = connect_client(emulator)
        self.raw_participant = _unvalidated(emulator, "connectparticipant")
        self.raw_connect = _unvalidated(emulator, "connect")
        self.chat = emulator.start_chat_with_agent(instance_id=f"instance-{uuid.uuid4()}")
        self.customer = self.connection(self.chat.customer.participant_token)
        self.agent = self.connection(self.chat.agent.participant_token)

    def connection(self, participant_token: str) -> str:
        return str(
            self.participant.create_participant_connection(
                ParticipantToken=participant_token, Type=["CONNECTION_CREDENTIALS"]
            )["ConnectionCredentials"]["ConnectionToken"]
        )


def _unvalidated(emulator: Emulator, service: str) -> Any:
    """A boto3 client that sends whatever it is given: the server's checks are what is tested."""
    config = NO_RETRIES.merge(Config(parameter_validation=False))
    if service == "connectparticipant":
        config = config.merge(Config(signature_version=botocore.UNSIGNED))
    return boto3.client(
        service,
        endpoint_url=emulator.endpoint,
        region_name="us-east-1",
        aws_access_key_id="AKIDEXAMPLE",
        aws_secret_access_key="dummy-secret",
        config=config,
    )


def _connect_input(operation: str, ctx: Context) -> dict[str, Any] | None:
    """A correct call of the Connect operations beyond the chat's four (None for the others)."""
    chat = ctx.chat
    contact = {"InstanceId": chat.instance_id, "ContactId": chat.contact_id}
    streaming = {"StreamingEndpointArn": "arn:aws:sns:us-east-1:123456789012:chat-stream"}
    phone = "arn:aws:connect:us-east-1:123456789012:instance/i/phone-number/p"
    make: dict[str, Callable[[], dict[str, Any]]] = {
        "StartContactStreaming": lambda: {
            **contact, "ChatStreamingConfiguration": streaming, "ClientToken": str(uuid.uuid4())
        },
        "StopContactStreaming": lambda: {
            **contact,
            "StreamingId": ctx.connect.start_contact_streaming(
                **contact, ChatStreamingConfiguration=streaming, ClientToken=str(uuid.uuid4())
            )["StreamingId"],
        },
        "UpdateContactAttributes": lambda: {
            "InstanceId": chat.instance_id, "InitialContactId": chat.contact_id, "Attributes": {"a": "b"}
        },
        "GetContactAttributes": lambda: {"InstanceId": chat.instance_id, "InitialContactId": chat.contact_id},
        "UpdateContact": lambda: {**contact, "Name": "n"},
        "ListContactReferences": lambda: {**contact, "ReferenceTypes": ["URL"]},
        "UpdateParticipantRoleConfig": lambda: {
            **contact,
            "ChannelConfiguration": {"Chat": {"ParticipantTimerConfigList": [{
                "ParticipantRole": "CUSTOMER", "TimerType": "IDLE",
                "TimerValue": {"ParticipantTimerDurationInMinutes": 5},
            }]}},
        },
        "UpdateParticipantAuthentication": lambda: {
            "InstanceId": chat.instance_id, "State": _auth_session(ctx), "Code": "code"
        },
        "TransferContact": lambda: {**contact, "ContactFlowId": "flow", "QueueId": "queue"},
        "CreatePersistentContactAssociation": lambda: {
            "InstanceId": chat.instance_id, "InitialContactId": chat.contact_id,
            "RehydrationType": "FROM_SEGMENT", "SourceContactId": _ended_contact(ctx),
        },
        "StartOutboundChatContact": lambda: {
            "InstanceId": chat.instance_id, "ContactFlowId": "flow",
            "SourceEndpoint": {"Type": "CONNECT_PHONENUMBER_ARN", "Address": phone},
            "DestinationEndpoint": {"Type": "TELEPHONE_NUMBER", "Address": "+15555550100"},
            "SegmentAttributes": {"connect:Subtype": {"ValueString": "connect:SMS"}},
        },
        "SendChatIntegrationEvent": lambda: {
            "SourceId": f"+1555{uuid.uuid4().int % 10**7:07d}", "DestinationId": chat.instance_id,
            "Subtype": "connect:SMS",
            "Event": {"Type": "MESSAGE", "ContentType": "text/plain", "Content": "hi"},
        },
    }  # fmt: skip
    found = make.get(operation)
    return found() if found is not None else None


def _auth_session(ctx: Context) -> str:
    """A SessionId with an authentication in progress (the emulator's state for it)."""
    session = str(uuid.uuid4())
    ctx.participant.get_authentication_url(
        ConnectionToken=ctx.customer, SessionId=session, RedirectUri="https://example.com/"
    )
    return session


def _ended_contact(ctx: Context) -> str:
    """A chat of ctx's instance that has ended (a source for persistent chat)."""
    started = ctx.connect.start_chat_contact(
        InstanceId=ctx.chat.instance_id, ContactFlowId="flow", ParticipantDetails={"DisplayName": "Earlier"}
    )
    ctx.connect.stop_contact(InstanceId=ctx.chat.instance_id, ContactId=started["ContactId"])
    return str(started["ContactId"])


def valid_input(operation: str, ctx: Context) -> dict[str, Any]:
    """A correct call of each operation, as the customer."""
    connect_only = _connect_input(operation, ctx)
    if connect_only is not None:
        return connect_only
    token = {"ConnectionToken": ctx.customer}
    session = {"SessionId": str(uuid.uuid4())}
    chat = ctx.chat
    return {
        "CreateParticipantConnection": {
            "ParticipantToken": chat.customer.participant_token,
            "Type": ["CONNECTION_CREDENTIALS"],
        },
        "SendMessage": {**token, "ContentType": "text/plain", "Content": "hi"},
        "SendEvent": {**token, "ContentType": "application/vnd.amazonaws.connect.event.typing"},
        "DisconnectParticipant": dict(token),
        "GetTranscript": dict(token),
        "StartAttachmentUpload": {
            **token,
            "ContentType": "text/plain",
            "AttachmentSizeInBytes": 3,
            "AttachmentName": "a.txt",
        },
        "CompleteAttachmentUpload": {**token, "AttachmentIds": ["not-uploaded"]},
        "GetAttachment": {**token, "AttachmentId": "unknown"},
        "DescribeView": {**token, "ViewToken": ctx.emulator.add_view("v")},
        "GetAuthenticationUrl": {**token, **session, "RedirectUri": "https://example.com/"},
        "CancelParticipantAuthentication": {**token, **session},
        "StartChatContact": {
            "InstanceId": chat.instance_id,
            "ContactFlowId": "flow",
            "ParticipantDetails": {"DisplayName": "C"},
        },
        "CreateParticipant": {
            "InstanceId": chat.instance_id,
            "ContactId": chat.contact_id,
            "ParticipantDetails": {"ParticipantRole": "CUSTOM_BOT", "DisplayName": "Bot"},
        },
        "StopContact": {"InstanceId": chat.instance_id, "ContactId": chat.contact_id},
        "DescribeContact": {"InstanceId": chat.instance_id, "ContactId": chat.contact_id},
    }[operation]


def broken_member(shape: Shape, kwargs: dict[str, Any]) -> tuple[str, Any]:
    """The first member of the input the model constrains, and a value that breaks the constraint."""
    for member in shape.members.values():
        target = member.shape
        if member.location == "uri":
            if target.max is not None:
                return member.name, "x" * (int(target.max) + 1)
            continue
        if member.name in shape.required and member.location != "header":
            return member.name, None
        if target.enum:
            return member.name, "NOT_AN_ENUM_VALUE"
        if target.type == "string" and target.max is not None:
            return member.name, "x" * (int(target.max) + 1)
        if target.type in ("integer", "long") and target.max is not None:
            return member.name, int(target.max) + 1
    raise AssertionError(f"{shape.name} has no constrained member to break")


def call(ctx: Context, operation: Operation, kwargs: dict[str, Any], raw: bool = False) -> Any:
    service = "connect" if operation.name in CONNECT.operations else "participant"
    client = getattr(ctx, ("raw_" if raw else "") + service)
    return getattr(client, operation.method_name)(**kwargs)


def bad_input(ctx: Context, operation: Operation) -> None:
    assert operation.input is not None
    kwargs = valid_input(operation.name, ctx)
    name, value = broken_member(operation.input, kwargs)
    if value is None:
        kwargs.pop(name, None)
    else:
        kwargs[name] = value
    try:
        call(ctx, operation, kwargs, raw=True)
    except ClientError as error:
        assert name in error.response["Error"]["Message"]
        raise


def bad_token(ctx: Context, operation: Operation) -> None:
    kwargs = valid_input(operation.name, ctx)
    key = "ParticipantToken" if "ParticipantToken" in kwargs else "ConnectionToken"
    kwargs[key] = "not-a-token-the-service-gave"
    call(ctx, operation, kwargs)


def fault(status: int, error_type: str | None = None) -> Callable[[Context, Operation], None]:
    def provoke(ctx: Context, operation: Operation) -> None:
        ctx.emulator.faults.add(operation=operation.name, status=status, error_type=error_type)
        call(ctx, operation, valid_input(operation.name, ctx))

    return provoke


def upload_quota(ctx: Context, operation: Operation) -> None:
    for _ in range(5):
        ctx.participant.start_attachment_upload(
            ConnectionToken=ctx.customer,
            ContentType="text/plain",
            AttachmentSizeInBytes=1,
            AttachmentName="a.txt",
        )
    call(ctx, operation, valid_input(operation.name, ctx))


def completion_quota(ctx: Context, operation: Operation) -> None:
    ids = [upload(ctx.participant, ctx.customer, b"x" * 1024, "text/plain", f"{n}.txt") for n in range(3)]
    ctx.participant.complete_attachment_upload(ConnectionToken=ctx.customer, AttachmentIds=[ids[0]])
    ctx.participant.complete_attachment_upload(ConnectionToken=ctx.customer, AttachmentIds=[ids[1]])
    ctx.participant.complete_attachment_upload(ConnectionToken=ctx.customer, AttachmentIds=[ids[2]])


def completion_conflict(ctx: Context, operation: Operation) -> None:
    attachment_id = upload(ctx.participant, ctx.customer, b"abc", "text/plain", "a.txt")
    ctx.participant.complete_attachment_upload(ConnectionToken=ctx.customer, AttachmentIds=[attachment_id])
    ctx.participant.complete_attachment_upload(ConnectionToken=ctx.customer, AttachmentIds=[attachment_id])


def event_conflict(ctx: Context, operation: Operation) -> None:
    typing = "application/vnd.amazonaws.connect.event.typing"
    ctx.participant.send_event(ConnectionToken=ctx.customer, ContentType=typing, ClientToken="same")
    ctx.participant.send_event(
        ConnectionToken=ctx.customer,
        ContentType="application/vnd.amazonaws.connect.event.participant.idle",
        ClientToken="same",
    )


def unknown_view(ctx: Context, operation: Operation) -> None:
    ctx.participant.describe_view(ConnectionToken=ctx.customer, ViewToken="no-such-view")


def unknown_contact(ctx: Context, operation: Operation) -> None:
    kwargs = valid_input(operation.name, ctx)
    if operation.name in ("StartChatContact", "StartOutboundChatContact"):
        kwargs["RelatedContactId"] = str(uuid.uuid4())
    elif "InitialContactId" in kwargs:
        kwargs["InitialContactId"] = str(uuid.uuid4())
    else:
        kwargs["ContactId"] = str(uuid.uuid4())
    call(ctx, operation, kwargs)


def chat_limit(ctx: Context, operation: Operation) -> None:
    instance = f"limited-{uuid.uuid4()}"
    kwargs = {**valid_input(operation.name, ctx), "InstanceId": instance}
    for _ in range(2):
        ctx.connect.start_chat_contact(**kwargs)
    ctx.connect.start_chat_contact(**kwargs)


def participant_quota(ctx: Context, operation: Operation) -> None:
    for _ in range(4):
        call(ctx, operation, valid_input(operation.name, ctx))
    call(ctx, operation, valid_input(operation.name, ctx))


def ended_contact(ctx: Context, operation: Operation) -> None:
    ctx.emulator.stop_contact(ctx.chat.contact_id)
    call(ctx, operation, valid_input(operation.name, ctx))


def bad_role(ctx: Context, operation: Operation) -> None:
    kwargs = valid_input(operation.name, ctx)
    kwargs["ParticipantDetails"] = {"ParticipantRole": "CUSTOMER", "DisplayName": "Second customer"}
    call(ctx, operation, kwargs)


def bad_initial_message(ctx: Context, operation: Operation) -> None:
    kwargs = valid_input(operation.name, ctx)
    kwargs["InitialMessage"] = {"ContentType": "image/png", "Content": "not a picture"}
    call(ctx, operation, kwargs)


Change = Callable[[Context, dict[str, Any]], None]


def invalid_request(change: Change) -> Callable[[Context, Operation], None]:
    """A correct call changed by `change` into one the service refuses (InvalidRequestException)."""

    def provoke(ctx: Context, operation: Operation) -> None:
        kwargs = valid_input(operation.name, ctx)
        change(ctx, kwargs)
        call(ctx, operation, kwargs)

    return provoke


def _end_chat(ctx: Context, kwargs: dict[str, Any]) -> None:
    ctx.emulator.stop_contact(ctx.chat.contact_id)


def _active_source(ctx: Context, kwargs: dict[str, Any]) -> None:
    kwargs["SourceContactId"] = ctx.connect.start_chat_contact(
        InstanceId=ctx.chat.instance_id, ContactFlowId="flow", ParticipantDetails={"DisplayName": "Now"}
    )["ContactId"]


def _unknown_state(ctx: Context, kwargs: dict[str, Any]) -> None:
    kwargs["State"] = str(uuid.uuid4())


def _cancelled_state(ctx: Context, kwargs: dict[str, Any]) -> None:
    ctx.participant.cancel_participant_authentication(ConnectionToken=ctx.customer, SessionId=kwargs["State"])


def _voice_endpoint(ctx: Context, kwargs: dict[str, Any]) -> None:
    kwargs["DestinationEndpoint"] = {"Type": "VOIP", "Address": "sip:customer@example.com"}


def _picture(ctx: Context, kwargs: dict[str, Any]) -> None:
    kwargs["Event"] = {"Type": "MESSAGE", "ContentType": "image/png", "Content": "not a picture"}


def outbound_limit(ctx: Context, operation: Operation) -> None:
    for _ in range(3):  # the limited emulator allows 2 active chats per instance (ctx's is one)
        call(ctx, operation, valid_input(operation.name, ctx))


# (operation or None for any, error code) -> how to provoke it
PROVOKE: dict[tuple[str | None, str], Callable[[Context, Operation], None]] = {
    (None, "AccessDeniedException"): bad_token,
    (None, "ValidationException"): bad_input,
    (None, "InternalServerException"): fault(500),
    (None, "ThrottlingException"): fault(429),
    ("StartAttachmentUpload", "ServiceQuotaExceededException"): upload_quota,
    ("CompleteAttachmentUpload", "ServiceQuotaExceededException"): completion_quota,
    ("CompleteAttachmentUpload", "ConflictException"): completion_conflict,
    ("SendEvent", "ConflictException"): event_conflict,
    ("DescribeView", "ResourceNotFoundException"): unknown_view,
    # Amazon Connect
    (None, "InvalidParameterException"): bad_input,
    (None, "InternalServiceException"): fault(500),
    (None, "ResourceNotFoundException"): unknown_contact,
    ("StartChatContact", "InvalidRequestException"): bad_initial_message,
    ("StartChatContact", "LimitExceededException"): chat_limit,
    ("CreateParticipant", "InvalidRequestException"): bad_role,
    ("CreateParticipant", "ServiceQuotaExceededException"): participant_quota,
    ("CreateParticipant", "ConflictException"): ended_contact,
    # No cause of their own in a one-region chat emulator (StopContact's ContactNotFoundException is
    # for voice contacts; a chat can be stopped in any state): they reach clients as injected faults.
    ("StopContact", "ContactNotFoundException"): fault(410, "ContactNotFoundException"),
    ("DescribeContact", "InvalidRequestException"): fault(400, "InvalidRequestException"),
    ("StopContact", "InvalidRequestException"): fault(400, "InvalidRequestException"),
    ("StopContact", "InvalidActiveRegionException"): fault(400, "InvalidActiveRegionException"),
    # The rest of Connect's contact operations (paws_compat/emulator/_contacts.py).
    ("StartContactStreaming", "InvalidRequestException"): invalid_request(_end_chat),
    ("UpdateParticipantRoleConfig", "InvalidRequestException"): invalid_request(_end_chat),
    ("CreatePersistentContactAssociation", "InvalidRequestException"): invalid_request(_active_source),
    ("UpdateParticipantAuthentication", "InvalidRequestException"): invalid_request(_unknown_state),
    ("UpdateParticipantAuthentication", "ConflictException"): invalid_request(_cancelled_state),
    ("StartOutboundChatContact", "InvalidRequestException"): invalid_request(_voice_endpoint),
    ("StartOutboundChatContact", "LimitExceededException"): outbound_limit,
    ("SendChatIntegrationEvent", "InvalidRequestException"): invalid_request(_picture),
    ("TransferContact", "InvalidRequestException"): invalid_request(lambda ctx, kwargs: None),  # a chat
    # No cause of their own here (no quotas, regions, access policies or other callers): faults.
    ("GetContactAttributes", "InvalidRequestException"): fault(400, "InvalidRequestException"),
    ("ListContactReferences", "InvalidRequestException"): fault(400, "InvalidRequestException"),
    ("StopContactStreaming", "InvalidRequestException"): fault(400, "InvalidRequestException"),
    ("UpdateContact", "InvalidRequestException"): fault(400, "InvalidRequestException"),
    ("UpdateContactAttributes", "InvalidRequestException"): fault(400, "InvalidRequestException"),
    ("StartContactStreaming", "LimitExceededException"): fault(429, "LimitExceededException"),
    ("SendChatIntegrationEvent", "ResourceNotFoundException"): fault(404, "ResourceNotFoundException"),
    ("TransferContact", "IdempotencyException"): fault(409, "IdempotencyException"),
    ("TransferContact", "ServiceQuotaExceededException"): fault(402, "ServiceQuotaExceededException"),
    ("UpdateContact", "ConflictException"): fault(409, "ConflictException"),
    ("StartOutboundChatContact", "ConflictException"): fault(409, "ConflictException"),
    ("UpdateContact", "InvalidActiveRegionException"): fault(400, "InvalidActiveRegionException"),
    ("UpdateContactAttributes", "InvalidActiveRegionException"): fault(400, "InvalidActiveRegionException"),
    **{
        (name, "AccessDeniedException"): fault(403, "AccessDeniedException")
        for name in (
            "CreatePersistentContactAssociation",
            "SendChatIntegrationEvent",
            "StartOutboundChatContact",
            "TransferContact",
            "UpdateContact",
            "UpdateParticipantAuthentication",
            "UpdateParticipantRoleConfig",
        )
    },
}


def _pairs() -> list[tuple[Operation, Shape]]:
    return [
        (op, error)
        for model in (PARTICIPANT, CONNECT)
        for op in model.operations.values()
        if EmulatorServer.serves(op)
        for error in op.errors
    ]


def _provoker(operation: Operation, error: Shape) -> Callable[[Context, Operation], None]:
    code = error.error_code or error.name
    found = PROVOKE.get((operation.name, code)) or PROVOKE.get((None, code))
    assert found is not None, f"no way to provoke {code} from {operation.name}"
    return found


def test_every_modelled_error_has_a_provocation() -> None:
    for operation, error in _pairs():
        _provoker(operation, error)


@pytest.fixture(scope="module")
def limited() -> Iterator[Emulator]:
    """An emulator with small limits, so quotas are reached in a few calls."""
    with Emulator(
        max_participants_per_contact=4, max_active_chats_per_instance=2, attachment_count_limit=2
    ) as emu:
        yield emu


@pytest.mark.parametrize(
    ("operation", "error"), _pairs(), ids=[f"{op.name}-{error.name}" for op, error in _pairs()]
)
def test_modelled_error_on_the_wire(limited: Emulator, operation: Operation, error: Shape) -> None:
    limited.faults.clear()
    ctx = Context(limited)
    with pytest.raises(ClientError) as caught:
        _provoker(operation, error)(ctx, operation)
    response = caught.value.response
    assert response["Error"]["Code"] == (error.error_code or error.name)
    assert response["ResponseMetadata"]["HTTPStatusCode"] == error.error_status
    assert response["Error"]["Message"]
    assert response["ResponseMetadata"]["RequestId"]
    assert ctx.chat.customer.participant_token not in str(caught.value)

"""Rules where the emulator used to be kinder than the service, each through boto3 on the wire."""

from __future__ import annotations

import gc
import time
import uuid
import weakref
from typing import Any

import pytest
import urllib3

from paws_compat._model import load_model
from paws_compat.emulator import ChatPair, Emulator
from paws_compat.emulator._idempotency import refusal_for
from paws_compat.emulator._server import EmulatorServer
from tests.emulator.conftest import participant_client
from tests.emulator.test_attachments import put, start
from tests.emulator.test_websocket import Side, chat_item, closed_code

EVENT = "application/vnd.amazonaws.connect.event."
SESSION = "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0"


def error_of(raised: pytest.ExceptionInfo[Any]) -> tuple[str, int, str]:
    response = raised.value.response
    return (
        response["Error"]["Code"],
        response["ResponseMetadata"]["HTTPStatusCode"],
        response["Error"]["Message"],
    )


@pytest.mark.parametrize("position", [None, {}])
def test_get_transcript_forward_without_a_start_position_is_refused(
    participant: Any, tokens: tuple[str, str], position: dict[str, Any] | None
) -> None:
    kwargs: dict[str, Any] = {"ScanDirection": "FORWARD"}
    if position is not None:
        kwargs["StartPosition"] = position
    with pytest.raises(participant.exceptions.ValidationException) as refused:
        participant.get_transcript(ConnectionToken=tokens[0], **kwargs)
    assert error_of(refused) == ("ValidationException", 400, "Validation exception due to invalid parameter")


def test_get_transcript_forward_pages_on_with_a_start_position_and_next_token(
    participant: Any, tokens: tuple[str, str], paws_chat: ChatPair
) -> None:
    for n in range(3):
        participant.send_message(ConnectionToken=tokens[0], ContentType="text/plain", Content=f"m{n}")
    backward = participant.get_transcript(ConnectionToken=tokens[0], MaxResults=100)["Transcript"]
    oldest = min(backward, key=lambda item: item["AbsoluteTime"])
    first = participant.get_transcript(
        ConnectionToken=tokens[0], ScanDirection="FORWARD", StartPosition={"Id": oldest["Id"]}, MaxResults=2
    )
    rest = participant.get_transcript(
        ConnectionToken=tokens[0], ScanDirection="FORWARD", NextToken=first["NextToken"], MaxResults=100
    )
    assert len(first["Transcript"]) + len(rest["Transcript"]) == len(backward)


def test_stop_contact_on_an_ended_chat_succeeds(connect: Any, paws_chat: ChatPair) -> None:
    ids = {"InstanceId": paws_chat.instance_id, "ContactId": paws_chat.contact_id}
    connect.stop_contact(**ids)
    again = connect.stop_contact(**ids)
    assert again["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert connect.describe_contact(**ids)["Contact"]["DisconnectReason"] == "API"


def test_customer_leaving_gets_chat_ended_on_its_socket_before_the_close(
    paws_emulator: Emulator, paws_chat: ChatPair
) -> None:
    customer = Side(paws_emulator, paws_chat.customer.participant_token)
    try:
        socket = customer.open()
        customer.client.disconnect_participant(ConnectionToken=customer.token)
        kinds = [chat_item(socket)["ContentType"] for _ in range(2)]
        assert kinds == [EVENT + "participant.left", EVENT + "chat.ended"]
        assert closed_code(socket) == 1000
    finally:
        customer.close()


# The HeadersToInclude a real StartAttachmentUpload answered (amazon-connect-chatjs issue #188).
SERVICE_UPLOAD_HEADERS = {
    "Content-Type",
    "Content-Length",
    "Content-Disposition",
    "x-amz-acl",
    "x-amz-meta-contact_id",
    "x-amz-meta-initial_contact_id",
    "x-amz-meta-account_id",
    "x-amz-meta-organization_id",
}


def test_upload_headers_are_the_services(
    participant: Any, tokens: tuple[str, str], paws_chat: ChatPair
) -> None:
    metadata = start(participant, tokens[0])["UploadMetadata"]
    headers = metadata["HeadersToInclude"]
    assert set(headers) == SERVICE_UPLOAD_HEADERS
    assert headers["Content-Disposition"] == 'attachment; filename="a.txt"'
    assert headers["x-amz-acl"] == "bucket-owner-full-control"
    assert headers["x-amz-meta-contact_id"] == paws_chat.contact_id
    # The model holds every value to 256 characters, even for the longest AttachmentName.
    long = start(participant, tokens[0], name="n" * 252 + ".txt")["UploadMetadata"]["HeadersToInclude"]
    assert all(1 <= len(value) <= 256 for value in long.values())


def test_upload_must_echo_every_signed_header(participant: Any, tokens: tuple[str, str]) -> None:
    metadata = start(participant, tokens[0])["UploadMetadata"]
    headers = dict(metadata["HeadersToInclude"])
    # Content-Length is not left out here: an HTTP client always sends the body's own.
    for left_out in set(headers) - {"Content-Length"}:
        partial = {k: v for k, v in headers.items() if k != left_out}
        refused = put(metadata, b"abc", headers=partial)
        assert refused.status == 403 and b"SignatureDoesNotMatch" in refused.data
    changed = {**headers, "x-amz-meta-contact_id": "another-contact"}
    assert put(metadata, b"abc", headers=changed).status == 403
    assert put(metadata, b"abc").status == 200


def test_upload_header_values_compare_as_sigv4_signs_them(participant: Any, tokens: tuple[str, str]) -> None:
    """SigV4 signs a header value trimmed with runs of spaces as one: S3 takes any such spelling."""
    metadata = start(participant, tokens[0])["UploadMetadata"]
    headers = dict(metadata["HeadersToInclude"])
    spaced = {**headers, "Content-Disposition": headers["Content-Disposition"].replace(" ", "   ") + " "}
    assert put(metadata, b"abc", headers=spaced).status == 200


def test_start_attachment_upload_client_token_reused_for_other_content_is_refused(
    participant: Any, tokens: tuple[str, str]
) -> None:
    """StartAttachmentUpload's model lists no ConflictException either: ValidationException."""
    first = start(participant, tokens[0], ClientToken="u-1")
    assert start(participant, tokens[0], ClientToken="u-1")["AttachmentId"] == first["AttachmentId"]
    with pytest.raises(participant.exceptions.ClientError) as refused:
        start(participant, tokens[0], name="other.txt", ClientToken="u-1")
    assert error_of(refused)[:2] == ("ValidationException", 400)


def test_every_client_token_refusal_is_an_error_the_operation_lists() -> None:
    for service in ("connectparticipant", "connect"):
        for operation in load_model(service).operations.values():
            if "ClientToken" not in operation.input_members or not EmulatorServer.serves(operation):
                continue
            listed = {e.error_code or e.name for e in operation.errors}
            assert refusal_for(service, operation.name) in listed, operation.name


def test_send_message_client_token_reused_for_other_content_is_refused(
    participant: Any, tokens: tuple[str, str], paws_emulator: Emulator, paws_chat: ChatPair
) -> None:
    """Refused with SendMessage's own error for bad input: its model lists no ConflictException."""
    first = participant.send_message(
        ConnectionToken=tokens[0], ContentType="text/plain", Content="one", ClientToken="t-1"
    )
    retry = participant.send_message(
        ConnectionToken=tokens[0], ContentType="text/plain", Content="one", ClientToken="t-1"
    )
    assert retry["Id"] == first["Id"]
    with pytest.raises(participant.exceptions.ClientError) as refused:
        participant.send_message(
            ConnectionToken=tokens[0], ContentType="text/plain", Content="two", ClientToken="t-1"
        )
    assert error_of(refused)[:2] == ("ValidationException", 400)
    assert "ClientToken" in error_of(refused)[2]
    contents = [i.get("Content") for i in paws_emulator.transcript(paws_chat.contact_id)]
    assert contents.count("one") == 1 and "two" not in contents


def test_an_authentication_session_belongs_to_its_participant(
    participant: Any, tokens: tuple[str, str], paws_emulator: Emulator
) -> None:
    customer, agent = tokens
    answer = participant.get_authentication_url(
        ConnectionToken=customer, SessionId=SESSION, RedirectUri="https://example.com/back"
    )
    for call in (participant.get_authentication_url, participant.cancel_participant_authentication):
        kwargs = (
            {"RedirectUri": "https://evil.example/"} if call == participant.get_authentication_url else {}
        )
        with pytest.raises(participant.exceptions.AccessDeniedException):
            call(ConnectionToken=agent, SessionId=SESSION, **kwargs)
    url = answer["AuthenticationUrl"]
    first = urllib3.request("GET", url, redirect=False, timeout=10)
    assert (first.status, first.headers["Location"]) == (302, "https://example.com/back")
    assert urllib3.request("GET", url, redirect=False, timeout=10).status == 404  # used once


def test_a_forgotten_chat_leaves_nothing_behind(paws_emulator_factory: Any) -> None:
    emulator: Emulator = paws_emulator_factory(ended_chat_retention_seconds=0.05)
    client = participant_client(emulator)
    pair = emulator.start_chat_with_agent()
    token = client.create_participant_connection(
        ParticipantToken=pair.customer.participant_token, Type=["CONNECTION_CREDENTIALS", "WEBSOCKET"]
    )["ConnectionCredentials"]["ConnectionToken"]
    client.send_message(ConnectionToken=token, ContentType="text/plain", Content="hi", ClientToken="c")
    client.get_authentication_url(
        ConnectionToken=token, SessionId=str(uuid.uuid4()), RedirectUri="https://x.test/"
    )
    contact = weakref.ref(emulator._call(lambda: emulator.service.contacts[pair.contact_id]))
    emulator.stop_contact(pair.contact_id)
    service = emulator.service
    deadline = time.monotonic() + 5
    while emulator._call(lambda: pair.contact_id in service.contacts) and time.monotonic() < deadline:
        time.sleep(0.01)
    counts = emulator._call(
        lambda: {
            name: len(getattr(service, name))
            for name in (
                "contacts",
                "instances",
                "participant_tokens",
                "connection_tokens",
                "socket_tokens",
                "attachments",
                "auth_sessions",
                "started",
            )
        }
    )
    assert counts == dict.fromkeys(counts, 0)
    gc.collect()
    assert contact() is None
    with pytest.raises(client.exceptions.AccessDeniedException):
        client.get_transcript(ConnectionToken=token)

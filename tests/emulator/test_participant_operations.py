"""Every Participant Service operation, called by boto3 (unsigned) against the emulator.

Each scenario is registered under its operation's name, and one test checks the registry against
the model, so a new operation in the model without a scenario here fails the suite.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from typing import Any

import pytest
import urllib3

from paws_compat._model import load_model
from paws_compat.emulator import ChatPair, Emulator

ISO_MS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")

Scenario = Callable[[Any, Emulator, ChatPair, tuple[str, str]], None]
SCENARIOS: dict[str, Scenario] = {}


def scenario(name: str) -> Callable[[Scenario], Scenario]:
    def register(function: Scenario) -> Scenario:
        SCENARIOS[name] = function
        return function

    return register


def _no_metadata(answer: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in answer.items() if k != "ResponseMetadata"}


@scenario("CreateParticipantConnection")
def _create_connection(client: Any, emu: Emulator, chat: ChatPair, tokens: tuple[str, str]) -> None:
    answer = client.create_participant_connection(
        ParticipantToken=chat.customer.participant_token,
        Type=["WEBSOCKET", "CONNECTION_CREDENTIALS", "WEBRTC_CONNECTION"],
        ConnectParticipant=True,
    )
    assert answer["Websocket"]["Url"].startswith(emu.websocket_url + "?AuthToken=")
    assert ISO_MS.match(answer["Websocket"]["ConnectionExpiry"])
    assert ISO_MS.match(answer["ConnectionCredentials"]["Expiry"])
    assert answer["ConnectionCredentials"]["ConnectionToken"] not in tokens
    meeting = answer["WebRTCConnection"]["Meeting"]
    assert UUID.match(meeting["MeetingId"])
    assert set(meeting["MediaPlacement"]) == {
        "AudioHostUrl",
        "AudioFallbackUrl",
        "SignalingUrl",
        "EventIngestionUrl",
    }
    assert answer["WebRTCConnection"]["Attendee"]["JoinToken"]
    participants = {p["ParticipantId"]: p for p in emu.chat_state(chat.contact_id)["Participants"]}
    assert participants[chat.customer.participant_id]["Connected"] is True


@scenario("SendMessage")
def _send_message(client: Any, emu: Emulator, chat: ChatPair, tokens: tuple[str, str]) -> None:
    answer = client.send_message(ConnectionToken=tokens[0], ContentType="text/markdown", Content="**hi**")
    assert UUID.match(answer["Id"]) and ISO_MS.match(answer["AbsoluteTime"])
    stored = {i["Id"]: i for i in emu.transcript(chat.contact_id)}[answer["Id"]]
    assert stored == {
        "AbsoluteTime": answer["AbsoluteTime"],
        "Content": "**hi**",
        "ContentType": "text/markdown",
        "Id": answer["Id"],
        "Type": "MESSAGE",
        "ParticipantId": chat.customer.participant_id,
        "DisplayName": "Customer",
        "ParticipantRole": "CUSTOMER",
        "ContactId": chat.contact_id,
    }


@scenario("SendEvent")
def _send_event(client: Any, emu: Emulator, chat: ChatPair, tokens: tuple[str, str]) -> None:
    idle = "application/vnd.amazonaws.connect.event.participant.idle"
    answer = client.send_event(ConnectionToken=tokens[1], ContentType=idle)
    stored = {i["Id"]: i for i in emu.transcript(chat.contact_id)}[answer["Id"]]
    assert (stored["Type"], stored["ParticipantRole"], stored["ContentType"]) == ("EVENT", "AGENT", idle)
    typing = client.send_event(
        ConnectionToken=tokens[1], ContentType="application/vnd.amazonaws.connect.event.typing"
    )
    assert UUID.match(typing["Id"]) and ISO_MS.match(typing["AbsoluteTime"])
    assert typing["Id"] not in {i["Id"] for i in emu.transcript(chat.contact_id)}


@scenario("DisconnectParticipant")
def _disconnect(client: Any, emu: Emulator, chat: ChatPair, tokens: tuple[str, str]) -> None:
    client.disconnect_participant(ConnectionToken=tokens[1])
    kinds = [i["ContentType"].rsplit(".", 2)[-2:] for i in emu.transcript(chat.contact_id)]
    assert kinds[-1] == ["participant", "left"]
    state = emu.chat_state(chat.contact_id)
    assert state["Active"] is True
    with pytest.raises(client.exceptions.AccessDeniedException):
        client.send_message(ConnectionToken=tokens[1], ContentType="text/plain", Content="still here?")


@scenario("GetTranscript")
def _get_transcript(client: Any, emu: Emulator, chat: ChatPair, tokens: tuple[str, str]) -> None:
    client.send_message(ConnectionToken=tokens[0], ContentType="text/plain", Content="one")
    answer = client.get_transcript(
        ConnectionToken=tokens[0], ContactId=chat.contact_id, SortOrder="ASCENDING"
    )
    assert answer["InitialContactId"] == chat.contact_id
    assert [i["ContentType"].rsplit(".", 1)[-1] for i in answer["Transcript"]] == [
        "joined",
        "joined",
        "text/plain",
    ]
    assert "NextToken" not in answer


@scenario("StartAttachmentUpload")
def _start_upload(client: Any, emu: Emulator, chat: ChatPair, tokens: tuple[str, str]) -> None:
    answer = client.start_attachment_upload(
        ConnectionToken=tokens[0], ContentType="text/plain", AttachmentSizeInBytes=5, AttachmentName="a.txt"
    )
    metadata = answer["UploadMetadata"]
    assert metadata["Url"].startswith(emu.endpoint + "/_attachments/" + answer["AttachmentId"])
    headers = metadata["HeadersToInclude"]
    assert headers["Content-Type"] == "text/plain"
    assert headers["Content-Disposition"].startswith('attachment; filename="a.txt"')
    assert headers["Content-Length"] == "5"
    assert headers["x-amz-meta-contact_id"] == chat.contact_id
    signed = metadata["Url"].split("X-Amz-SignedHeaders=")[1].split("&")[0]
    assert signed.split("%3B") == sorted([*(h.lower() for h in headers), "host"])
    assert ISO_MS.match(metadata["UrlExpiry"])


@scenario("CompleteAttachmentUpload")
def _complete_upload(client: Any, emu: Emulator, chat: ChatPair, tokens: tuple[str, str]) -> None:
    attachment_id = upload(client, tokens[0], b"hello", "text/plain", "hello.txt")
    client.complete_attachment_upload(ConnectionToken=tokens[0], AttachmentIds=[attachment_id])
    item = emu.transcript(chat.contact_id)[-1]
    assert item["Type"] == "ATTACHMENT"
    assert item["Attachments"] == [
        {
            "ContentType": "text/plain",
            "AttachmentId": attachment_id,
            "AttachmentName": "hello.txt",
            "Status": "APPROVED",
        }
    ]


@scenario("GetAttachment")
def _get_attachment(client: Any, emu: Emulator, chat: ChatPair, tokens: tuple[str, str]) -> None:
    attachment_id = upload(client, tokens[0], b"%PDF-1.4 fake", "application/pdf", "doc.pdf")
    client.complete_attachment_upload(ConnectionToken=tokens[0], AttachmentIds=[attachment_id])
    answer = client.get_attachment(
        ConnectionToken=tokens[1],
        AttachmentId=attachment_id,
        UrlExpiryInSeconds=60,
        UrlContentDisposition="INLINE",
    )
    assert answer["AttachmentSizeInBytes"] == len(b"%PDF-1.4 fake")
    fetched = urllib3.request("GET", answer["Url"], timeout=10)
    assert fetched.status == 200 and fetched.data == b"%PDF-1.4 fake"
    assert fetched.headers["Content-Type"] == "application/pdf"
    assert fetched.headers["Content-Disposition"].startswith("inline")


@scenario("DescribeView")
def _describe_view(client: Any, emu: Emulator, chat: ChatPair, tokens: tuple[str, str]) -> None:
    token = emu.add_view(
        "Survey",
        template='{"Head": "Rate us"}',
        input_schema='{"type": "object"}',
        actions=["Submit", "Cancel"],
        version=3,
    )
    view = client.describe_view(ConnectionToken=tokens[0], ViewToken=token)["View"]
    assert view["Name"] == "Survey" and view["Version"] == 3
    assert view["Content"] == {
        "InputSchema": '{"type": "object"}',
        "Template": '{"Head": "Rate us"}',
        "Actions": ["Submit", "Cancel"],
    }
    assert view["Arn"].endswith(":3") and view["Id"] in view["Arn"]


@scenario("GetAuthenticationUrl")
def _authentication_url(client: Any, emu: Emulator, chat: ChatPair, tokens: tuple[str, str]) -> None:
    session = str(uuid.uuid4())
    url = client.get_authentication_url(
        ConnectionToken=tokens[0], SessionId=session, RedirectUri="https://example.com/back"
    )["AuthenticationUrl"]
    opened = urllib3.request("GET", url, redirect=False, timeout=10)
    assert opened.status == 302 and opened.headers["Location"] == "https://example.com/back"


@scenario("CancelParticipantAuthentication")
def _cancel_authentication(client: Any, emu: Emulator, chat: ChatPair, tokens: tuple[str, str]) -> None:
    session = str(uuid.uuid4())
    url = client.get_authentication_url(
        ConnectionToken=tokens[0], SessionId=session, RedirectUri="https://example.com/back"
    )["AuthenticationUrl"]
    assert (
        _no_metadata(client.cancel_participant_authentication(ConnectionToken=tokens[0], SessionId=session))
        == {}
    )
    assert urllib3.request("GET", url, redirect=False, timeout=10).status == 404


def upload(client: Any, token: str, data: bytes, content_type: str, name: str) -> str:
    """StartAttachmentUpload, then the PUT to its URL with HeadersToInclude; returns the AttachmentId."""
    started = client.start_attachment_upload(
        ConnectionToken=token, ContentType=content_type, AttachmentSizeInBytes=len(data), AttachmentName=name
    )
    metadata = started["UploadMetadata"]
    put = urllib3.request("PUT", metadata["Url"], body=data, headers=metadata["HeadersToInclude"], timeout=10)
    assert put.status == 200, put.data
    return str(started["AttachmentId"])


def test_every_operation_of_the_model_has_a_scenario() -> None:
    assert set(SCENARIOS) == set(load_model("connectparticipant").operations)


@pytest.mark.parametrize("operation", sorted(load_model("connectparticipant").operations))
def test_operation_through_boto3(
    operation: str, participant: Any, paws_emulator: Emulator, paws_chat: ChatPair, tokens: tuple[str, str]
) -> None:
    SCENARIOS[operation](participant, paws_emulator, paws_chat, tokens)
    answered = {(r["operation"], r["status"]) for r in paws_emulator.requests}
    assert (operation, 200) in answered

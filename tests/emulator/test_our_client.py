"""Our own client (paws_compat.connectparticipant) against the emulator: every operation, and the
Participant Service's modelled errors as its typed exceptions, each one caused by the service."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from typing import Any

import pytest
import urllib3

import paws_compat
from paws_compat import errors
from paws_compat._model import load_model
from paws_compat.emulator import ChatPair, Emulator

TYPING = "application/vnd.amazonaws.connect.event.typing"


def client(emulator: Emulator) -> Any:
    return paws_compat.connectparticipant(
        endpoint=emulator.endpoint, region="us-east-1", config={"max_retries": 0, "allow_http": True}
    )


@pytest.fixture
def svc(paws_emulator: Emulator) -> Any:
    return client(paws_emulator)


@pytest.fixture
def ours(svc: Any, paws_chat: ChatPair) -> tuple[str, str]:
    """(customer, agent) ConnectionTokens obtained by our client."""
    return tuple(  # type: ignore[return-value]
        svc.create_participant_connection(
            ParticipantToken=p.participant_token, Type=["CONNECTION_CREDENTIALS"]
        ).ConnectionCredentials.ConnectionToken
        for p in (paws_chat.customer, paws_chat.agent)
    )


def _upload(svc: Any, token: str, data: bytes = b"abc") -> str:
    started = svc.start_attachment_upload(
        ConnectionToken=token,
        ContentType="text/plain",
        AttachmentSizeInBytes=len(data),
        AttachmentName="a.txt",
    )
    meta = started.UploadMetadata
    put = urllib3.request("PUT", meta.Url, body=data, headers=dict(meta.HeadersToInclude), timeout=10)
    assert put.status == 200
    return str(started.AttachmentId)


def _session(svc: Any, token: str) -> str:
    session = str(uuid.uuid4())
    svc.get_authentication_url(ConnectionToken=token, SessionId=session, RedirectUri="https://example.com/")
    return session


CALLS: dict[str, Callable[[Any, Emulator, ChatPair, tuple[str, str]], Any]] = {
    "CreateParticipantConnection": lambda svc, emu, chat, t: svc.create_participant_connection(
        ParticipantToken=chat.customer.participant_token, Type=["WEBSOCKET", "CONNECTION_CREDENTIALS"]
    ),
    "SendMessage": lambda svc, emu, chat, t: svc.send_message(
        ConnectionToken=t[0], ContentType="text/plain", Content="hello"
    ),
    "SendEvent": lambda svc, emu, chat, t: svc.send_event(ConnectionToken=t[0], ContentType=TYPING),
    "DisconnectParticipant": lambda svc, emu, chat, t: svc.disconnect_participant(ConnectionToken=t[1]),
    "GetTranscript": lambda svc, emu, chat, t: svc.get_transcript(ConnectionToken=t[0], MaxResults=100),
    "StartAttachmentUpload": lambda svc, emu, chat, t: svc.start_attachment_upload(
        ConnectionToken=t[0], ContentType="text/plain", AttachmentSizeInBytes=3, AttachmentName="a.txt"
    ),
    "CompleteAttachmentUpload": lambda svc, emu, chat, t: svc.complete_attachment_upload(
        ConnectionToken=t[0], AttachmentIds=[_upload(svc, t[0])]
    ),
    "GetAttachment": lambda svc, emu, chat, t: (
        lambda attachment: (
            svc.complete_attachment_upload(ConnectionToken=t[0], AttachmentIds=[attachment]),
            svc.get_attachment(ConnectionToken=t[1], AttachmentId=attachment),
        )[1]
    )(_upload(svc, t[0])),
    "DescribeView": lambda svc, emu, chat, t: svc.describe_view(
        ConnectionToken=t[0], ViewToken=emu.add_view("Form")
    ),
    "GetAuthenticationUrl": lambda svc, emu, chat, t: svc.get_authentication_url(
        ConnectionToken=t[0], SessionId=str(uuid.uuid4()), RedirectUri="https://example.com/"
    ),
    "CancelParticipantAuthentication": lambda svc, emu, chat, t: svc.cancel_participant_authentication(
        ConnectionToken=t[0], SessionId=_session(svc, t[0])
    ),
}


def test_every_operation_has_a_call() -> None:
    assert set(CALLS) == set(load_model("connectparticipant").operations)


@pytest.mark.parametrize("operation", sorted(CALLS))
def test_operation_through_our_client(
    operation: str, svc: Any, paws_emulator: Emulator, paws_chat: ChatPair, ours: tuple[str, str]
) -> None:
    result = CALLS[operation](svc, paws_emulator, paws_chat, ours)
    shape = load_model("connectparticipant").operations[operation].output
    assert shape is not None
    assert list(result) == list(shape.members)
    assert (operation, 200) in {(r["operation"], r["status"]) for r in paws_emulator.requests}


def test_transcript_items_parse_fully(svc: Any, paws_chat: ChatPair, ours: tuple[str, str]) -> None:
    sent = svc.send_message(ConnectionToken=ours[1], ContentType="text/plain", Content="from the agent")
    items = svc.get_transcript(ConnectionToken=ours[0], SortOrder="ASCENDING").Transcript
    last = items[-1]
    assert (last.Id, last.Content, last.ParticipantRole, last.AbsoluteTime) == (
        sent.Id,
        "from the agent",
        "AGENT",
        sent.AbsoluteTime,
    )


def provoke(kind: str, svc: Any, emu: Emulator, t: tuple[str, str]) -> None:
    if kind == "AccessDeniedException":
        svc.get_transcript(ConnectionToken="not-a-token")
    elif kind == "ValidationException":
        svc.send_message(ConnectionToken=t[0], ContentType="image/png", Content="not a message type")
    elif kind == "InternalServerException":
        emu.faults.add(operation="SendEvent", status=500)
        svc.send_event(ConnectionToken=t[0], ContentType=TYPING)
    elif kind == "ThrottlingException":
        emu.faults.add(operation="SendEvent", status=429)
        svc.send_event(ConnectionToken=t[0], ContentType=TYPING)
    elif kind == "ServiceQuotaExceededException":
        for _ in range(6):
            svc.start_attachment_upload(
                ConnectionToken=t[0],
                ContentType="text/plain",
                AttachmentSizeInBytes=1,
                AttachmentName="a.txt",
            )
    elif kind == "ConflictException":
        attachment = _upload(svc, t[0])
        for _ in range(2):
            svc.complete_attachment_upload(ConnectionToken=t[0], AttachmentIds=[attachment])
    elif kind == "ResourceNotFoundException":
        svc.describe_view(ConnectionToken=t[0], ViewToken="no-such-view")
    else:
        raise AssertionError(f"no provocation for {kind}")


@pytest.mark.parametrize("code", sorted(load_model("connectparticipant").error_shapes))
def test_modelled_errors_as_typed_exceptions(
    code: str, svc: Any, paws_emulator: Emulator, paws_chat: ChatPair, ours: tuple[str, str]
) -> None:
    status = load_model("connectparticipant").error_shapes[code].error_status
    with pytest.raises(getattr(errors, code)) as caught:
        provoke(code, svc, paws_emulator, ours)
    assert caught.value.code == code
    assert caught.value.status_code == status
    assert caught.value.request_id
    shown = str(caught.value) + repr(caught.value) + json.dumps(caught.value.error_response, default=str)
    assert not any(token in shown for token in ours)

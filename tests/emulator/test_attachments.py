"""Attachments: the upload URL takes a PUT with HeadersToInclude, completion makes an ATTACHMENT
item, GetAttachment gives a download URL for the stored bytes; sizes, names, types, quotas and
double completion are checked."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import urllib3

from paws_compat.emulator import ChatPair, Emulator
from tests.emulator.conftest import participant_client
from tests.emulator.test_participant_operations import upload


def start(
    client: Any,
    token: str,
    size: int = 3,
    content_type: str = "text/plain",
    name: str = "a.txt",
    **kwargs: Any,
) -> dict[str, Any]:
    return dict(
        client.start_attachment_upload(
            ConnectionToken=token,
            ContentType=content_type,
            AttachmentSizeInBytes=size,
            AttachmentName=name,
            **kwargs,
        )
    )


def put(
    metadata: dict[str, Any], data: bytes, headers: dict[str, str] | None = None
) -> urllib3.BaseHTTPResponse:
    chosen = metadata["HeadersToInclude"] if headers is None else headers
    return urllib3.request("PUT", metadata["Url"], body=data, headers=chosen, timeout=10)


def test_round_trip_of_bytes(
    participant: Any, tokens: tuple[str, str], paws_emulator: Emulator, paws_chat: ChatPair
) -> None:
    data = bytes(range(256)) * 10
    attachment_id = upload(participant, tokens[0], data, "image/png", "picture.png")
    participant.complete_attachment_upload(ConnectionToken=tokens[0], AttachmentIds=[attachment_id])
    answer = participant.get_attachment(ConnectionToken=tokens[1], AttachmentId=attachment_id)
    fetched = urllib3.request("GET", answer["Url"], timeout=10)
    assert fetched.data == data
    assert fetched.headers["Content-Disposition"] == 'attachment; filename="picture.png"'
    item = paws_emulator.transcript(paws_chat.contact_id)[-1]
    assert (item["Type"], item["ParticipantRole"]) == ("ATTACHMENT", "CUSTOMER")


def test_upload_needs_the_headers_to_include(participant: Any, tokens: tuple[str, str]) -> None:
    metadata = start(participant, tokens[0])["UploadMetadata"]
    assert put(metadata, b"abc", headers={"Content-Type": "application/octet-stream"}).status == 403
    assert put(metadata, b"abc").status == 200


def test_upload_size_must_match(participant: Any, tokens: tuple[str, str]) -> None:
    metadata = start(participant, tokens[0], size=3)["UploadMetadata"]
    # Content-Length is one of the signed headers: a body of another length (its own
    # Content-Length, as any HTTP client sends it) does not match the signature.
    headers = {k: v for k, v in metadata["HeadersToInclude"].items() if k != "Content-Length"}
    refused = put(metadata, b"abcd", headers=headers)
    assert refused.status == 403 and b"Content-Length" in refused.data


def test_upload_url_needs_its_signature(participant: Any, tokens: tuple[str, str]) -> None:
    metadata = start(participant, tokens[0])["UploadMetadata"]
    forged = {**metadata, "Url": metadata["Url"].split("?")[0] + "?X-Amz-Security-Token=forged"}
    assert put(forged, b"abc").status == 403


def test_expired_upload_url(paws_emulator_factory: Callable[..., Emulator]) -> None:
    emulator = paws_emulator_factory(attachment_url_seconds=0)
    client = participant_client(emulator)
    chat = emulator.start_chat()
    token = client.create_participant_connection(
        ParticipantToken=chat.participant_token, Type=["CONNECTION_CREDENTIALS"]
    )["ConnectionCredentials"]
    metadata = start(client, token["ConnectionToken"])["UploadMetadata"]
    assert put(metadata, b"abc").status == 403


def test_completing_before_uploading_is_invalid(participant: Any, tokens: tuple[str, str]) -> None:
    attachment_id = start(participant, tokens[0])["AttachmentId"]
    with pytest.raises(participant.exceptions.ValidationException, match="not been uploaded"):
        participant.complete_attachment_upload(ConnectionToken=tokens[0], AttachmentIds=[attachment_id])


def test_completing_twice_conflicts_but_a_retry_does_not(
    participant: Any, tokens: tuple[str, str], paws_emulator: Emulator, paws_chat: ChatPair
) -> None:
    attachment_id = upload(participant, tokens[0], b"abc", "text/plain", "a.txt")
    participant.complete_attachment_upload(
        ConnectionToken=tokens[0], AttachmentIds=[attachment_id], ClientToken="t1"
    )
    participant.complete_attachment_upload(
        ConnectionToken=tokens[0], AttachmentIds=[attachment_id], ClientToken="t1"
    )
    with pytest.raises(participant.exceptions.ConflictException):
        participant.complete_attachment_upload(
            ConnectionToken=tokens[0], AttachmentIds=[attachment_id], ClientToken="t2"
        )
    items = [i for i in paws_emulator.transcript(paws_chat.contact_id) if i["Type"] == "ATTACHMENT"]
    assert len(items) == 1


def test_only_the_uploader_completes(participant: Any, tokens: tuple[str, str]) -> None:
    attachment_id = upload(participant, tokens[0], b"abc", "text/plain", "a.txt")
    with pytest.raises(participant.exceptions.ValidationException):
        participant.complete_attachment_upload(ConnectionToken=tokens[1], AttachmentIds=[attachment_id])


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"content_type": "application/x-msdownload", "name": "setup.exe"}, "not an allowed attachment type"),
        ({"name": "../../etc/passwd"}, "path separators"),
        ({"size": 21 * 1024 * 1024}, "byte limit"),
    ],
)
def test_types_names_and_sizes_are_checked(
    participant: Any, tokens: tuple[str, str], kwargs: dict[str, Any], fragment: str
) -> None:
    with pytest.raises(participant.exceptions.ValidationException, match=fragment):
        start(participant, tokens[0], **kwargs)


def test_start_is_idempotent_by_client_token(participant: Any, tokens: tuple[str, str]) -> None:
    first = start(participant, tokens[0], ClientToken="same-upload")
    second = start(participant, tokens[0], ClientToken="same-upload")
    assert first["AttachmentId"] == second["AttachmentId"]


def test_total_size_quota(paws_emulator_factory: Callable[..., Emulator]) -> None:
    emulator = paws_emulator_factory(attachment_total_bytes_limit=5)
    client = participant_client(emulator)
    chat = emulator.start_chat()
    token = client.create_participant_connection(
        ParticipantToken=chat.participant_token, Type=["CONNECTION_CREDENTIALS"]
    )["ConnectionCredentials"]
    first = upload(client, token["ConnectionToken"], b"abc", "text/plain", "a.txt")
    second = upload(client, token["ConnectionToken"], b"def", "text/plain", "b.txt")
    client.complete_attachment_upload(ConnectionToken=token["ConnectionToken"], AttachmentIds=[first])
    with pytest.raises(client.exceptions.ServiceQuotaExceededException, match="TOTAL_FILE_SIZE_EXCEEDED"):
        client.complete_attachment_upload(ConnectionToken=token["ConnectionToken"], AttachmentIds=[second])


def test_download_url_is_signed_and_expires(participant: Any, tokens: tuple[str, str]) -> None:
    attachment_id = upload(participant, tokens[0], b"abc", "text/plain", "a.txt")
    participant.complete_attachment_upload(ConnectionToken=tokens[0], AttachmentIds=[attachment_id])
    url = participant.get_attachment(ConnectionToken=tokens[0], AttachmentId=attachment_id)["Url"]
    assert urllib3.request("GET", url.replace("Signature=", "Signature=0"), timeout=10).status == 403
    stale = url.split("Expires=")[0] + "Expires=1.000&" + url.split("&", 1)[1]
    assert urllib3.request("GET", stale, timeout=10).status == 403


def test_uncompleted_attachment_cannot_be_fetched(participant: Any, tokens: tuple[str, str]) -> None:
    attachment_id = upload(participant, tokens[0], b"abc", "text/plain", "a.txt")
    with pytest.raises(participant.exceptions.ValidationException):
        participant.get_attachment(ConnectionToken=tokens[0], AttachmentId=attachment_id)

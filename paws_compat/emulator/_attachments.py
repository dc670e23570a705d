"""Attachments: StartAttachmentUpload, the upload URL's PUT as S3 checks it, CompleteAttachmentUpload
and GetAttachment's signed download URL.

Apart from the other rules because it has its own protocol (presigned URLs and the headers they
sign, a signing key, quotas on count and size); a completed upload posts its item through `_items`.
"""

from __future__ import annotations

import copy
import hashlib
import re
import secrets
import urllib.parse
from typing import Any

from paws_compat.emulator._clock import iso, now
from paws_compat.emulator._errors import ApiError, invalid
from paws_compat.emulator._items import ItemRules
from paws_compat.emulator._records import ACCOUNT, Attachment, Contact, Participant, new_id, new_token

# botocore's model: UrlMetadataSignedHeadersValue is at most 256 characters.
_HEADER_VALUE_MAX = 256
_SPACES = re.compile(" +")


class AttachmentRules(ItemRules):
    """The attachment operations and the upload and download URLs they hand out."""

    def start_attachment_upload(
        self, participant: Participant, body: dict[str, Any], base: str
    ) -> dict[str, Any]:
        contact = participant.contact
        limits = self.limits
        client_token = body["ClientToken"]
        content_type = body["ContentType"]
        name = body["AttachmentName"]
        size = body["AttachmentSizeInBytes"]
        request = (content_type, name, size)
        replayed = participant.uploads.replay(client_token, request)
        if replayed is not None:
            return copy.deepcopy(replayed)
        if content_type not in limits.attachment_content_types:
            raise invalid(f"ContentType {content_type} is not an allowed attachment type")
        if any(ch in name for ch in "/\\") or any(ord(ch) < 32 for ch in name):
            raise invalid("AttachmentName must not contain path separators or control characters")
        if size > limits.attachment_max_bytes:
            raise invalid(
                f"AttachmentSizeInBytes {size} is over the {limits.attachment_max_bytes} byte limit"
            )
        pending = sum(
            1
            for a in contact.attachments.values()
            if a.participant is participant and a.completed_with is None
        )
        if pending >= limits.attachment_uploads_in_progress_limit:
            raise ApiError(
                "ServiceQuotaExceededException",
                f"A participant can have at most {limits.attachment_uploads_in_progress_limit} "
                "attachment uploads in progress; complete one first",
            )
        attachment_id = new_id()
        attachment = Attachment(
            id=attachment_id,
            participant=participant,
            content_type=content_type,
            name=name,
            size=size,
            upload_token=new_token(),
            upload_expiry=now() + limits.attachment_url_seconds,
            headers=_upload_headers(contact, content_type, name, size),
        )
        contact.attachments[attachment.id] = attachment
        self.attachments[attachment.id] = attachment
        signed = ";".join(sorted([*(h.lower() for h in attachment.headers), "host"]))
        query = urllib.parse.urlencode(
            {
                "X-Amz-Algorithm": "AWS4-HMAC-SHA256",
                "X-Amz-Expires": str(int(limits.attachment_url_seconds)),
                "X-Amz-SignedHeaders": signed,
                "X-Amz-Security-Token": attachment.upload_token,
            }
        )
        answer = {
            "AttachmentId": attachment.id,
            "UploadMetadata": {
                "Url": f"{base}/_attachments/{attachment.id}?{query}",
                "UrlExpiry": iso(attachment.upload_expiry),
                "HeadersToInclude": dict(attachment.headers),
            },
        }
        participant.uploads.remember(client_token, request, answer)
        return copy.deepcopy(answer)

    def upload(self, attachment_id: str, token: str, headers: dict[str, str], data: bytes) -> tuple[int, str]:
        """The PUT to an upload URL: (status, reason) as S3 would answer.

        S3 checks a presigned URL's signature over every header in X-Amz-SignedHeaders, so each of
        HeadersToInclude must come back exactly (else SignatureDoesNotMatch, 403).
        """
        attachment = self.attachments.get(attachment_id)
        if attachment is None or not secrets.compare_digest(attachment.upload_token, token):
            return 403, "AccessDenied"
        if attachment.upload_expiry <= now():
            return 403, "Request has expired"
        for name, value in attachment.headers.items():
            sent = headers.get(name.lower())
            if sent is None or _signed_value(sent) != _signed_value(value):
                return 403, f"SignatureDoesNotMatch: the {name} header must be the one in HeadersToInclude"
        if len(data) != attachment.size:
            return 400, f"IncompleteBody: expected {attachment.size} bytes, got {len(data)}"
        attachment.data = data
        return 200, "OK"

    def upload_size(self, attachment_id: str) -> int | None:
        """The bytes an upload URL may take (None: no such upload)."""
        attachment = self.attachments.get(attachment_id)
        return None if attachment is None else attachment.size

    def complete_attachment_upload(self, participant: Participant, body: dict[str, Any]) -> dict[str, Any]:
        client_token = body["ClientToken"]
        attachment_id = body["AttachmentIds"][0]
        attachment = participant.contact.attachments.get(attachment_id)
        if attachment is None or attachment.participant is not participant:
            raise invalid(f"AttachmentId {attachment_id} was not started by this participant")
        if attachment.completed_with is not None:
            if attachment.completed_with == client_token:
                return {}
            raise ApiError("ConflictException", f"Attachment {attachment_id} is already completed")
        if attachment.data is None:
            raise invalid(f"Attachment {attachment_id} has not been uploaded to its upload URL yet")
        done = [a for a in participant.contact.attachments.values() if a.completed_with is not None]
        limit = self.limits.attachment_count_limit
        if len(done) >= limit:
            raise ApiError(
                "ServiceQuotaExceededException",
                f"TOTAL_FILE_COUNT_EXCEEDED: a chat can have {limit} attachments",
            )
        total = sum(a.size for a in done) + attachment.size
        if total > self.limits.attachment_total_bytes_limit:
            raise ApiError(
                "ServiceQuotaExceededException",
                f"TOTAL_FILE_SIZE_EXCEEDED: the attachments of a chat may total "
                f"{self.limits.attachment_total_bytes_limit} bytes",
            )
        attachment.completed_with = client_token
        self._post(
            participant.contact,
            participant,
            "ATTACHMENT",
            attachment.content_type,
            None,
            attachments=[
                {
                    "ContentType": attachment.content_type,
                    "AttachmentId": attachment.id,
                    "AttachmentName": attachment.name,
                    "Status": "APPROVED",
                }
            ],
        )
        return {}

    def get_attachment(self, participant: Participant, body: dict[str, Any], base: str) -> dict[str, Any]:
        attachment = participant.contact.attachments.get(body["AttachmentId"])
        if attachment is None or attachment.completed_with is None:
            raise invalid(f"AttachmentId {body['AttachmentId']} is not a completed attachment of this chat")
        expiry = now() + body.get("UrlExpiryInSeconds", 300)
        disposition = body.get("UrlContentDisposition", "ATTACHMENT")
        grant = _sign(attachment, expiry, disposition)
        return {
            "Url": f"{base}/_attachments/{attachment.id}?Expires={expiry:.3f}&Disposition={disposition}"
            f"&Signature={grant}",
            "UrlExpiry": iso(expiry),
            "AttachmentSizeInBytes": attachment.size,
        }

    def download(
        self, attachment_id: str, expires: str, disposition: str, signature: str
    ) -> tuple[int, Attachment | None]:
        attachment = self.attachments.get(attachment_id)
        if attachment is None or attachment.data is None:
            return 404, None
        try:
            expiry = float(expires)
        except ValueError:
            return 403, None
        if not secrets.compare_digest(_sign(attachment, expiry, disposition), signature) or expiry <= now():
            return 403, None
        return 200, attachment


def _upload_headers(contact: Contact, content_type: str, name: str, size: int) -> dict[str, str]:
    """The headers an upload URL is signed over, which the client must echo on its PUT.

    AWS's API reference says only "The headers to be provided while uploading the file to the URL"
    (a map, keys of 1-128 and values of 1-256 characters in botocore's model). The set is the one a
    real StartAttachmentUpload answered in amazon-connect-chatjs issue #188 (2023): Content-Type,
    Content-Length, Content-Disposition 'attachment; filename="..."', x-amz-acl
    bucket-owner-full-control and x-amz-meta- contact_id, initial_contact_id, account_id and
    organization_id. (There the filename had a number prefixed; how it is made is not known, so the
    name is kept as given.) chatjs sends HeadersToInclude as they are on its fetch PUT.
    """
    prefix, suffix = 'attachment; filename="', '"'
    room = _HEADER_VALUE_MAX - len(prefix) - len(suffix)
    ascii_name = name.encode("ascii", "replace").decode().replace('"', "_").replace("\\", "_")
    return {
        "Content-Type": content_type,
        "Content-Length": str(size),
        "Content-Disposition": prefix + ascii_name[:room] + suffix,
        "x-amz-acl": "bucket-owner-full-control",
        "x-amz-meta-contact_id": contact.id,
        "x-amz-meta-initial_contact_id": contact.initial_contact_id,
        "x-amz-meta-account_id": ACCOUNT,
        "x-amz-meta-organization_id": contact.instance_id,
    }


def _signed_value(value: str) -> str:
    """A header value as SigV4 signs it: trimmed, runs of spaces as one (AWS's SigV4 reference,
    "Create a canonical request": Trimall), so S3 accepts any value that canonicalises the same."""
    return _SPACES.sub(" ", value.strip())


_SIGNING_KEY = secrets.token_bytes(32)


def _sign(attachment: Attachment, expiry: float, disposition: str) -> str:
    message = f"{attachment.id}|{expiry:.3f}|{disposition}".encode()
    return hashlib.sha256(_SIGNING_KEY + message).hexdigest()

"""What both front-ends share: error classification, item records and the REST calls of a session.

The REST helpers are plain blocking functions over the client; the sync session calls them on the
caller's thread, the asyncio session in an executor.
"""

from __future__ import annotations

import json
import logging
import mimetypes
import os
from collections.abc import Callable, Mapping
from functools import cache
from typing import Any

from paws_compat import _network
from paws_compat._errors import PawsCompatError, ProxyConnectionError, ResponseParseError
from paws_compat._model import Shape, load_model
from paws_compat._network import NetworkPolicy
from paws_compat._redact import mask

from ._values import argument_error, value_kind
from .protocol import (
    CONNECTION_KINDS,
    DELIVERED_CONTENT_TYPE,
    ITEM_KINDS,
    READ_CONTENT_TYPE,
    TYPING_CONTENT_TYPE,
    ConnectionEvent,
    Failure,
    ItemEvent,
)

logger = logging.getLogger("paws_compat.chat")

HANDLER_KINDS = frozenset(ITEM_KINDS | CONNECTION_KINDS | {"item", "update"})
ATTACHMENT_UPLOAD_TIMEOUT = 120.0


class ChatSessionError(PawsCompatError):
    """The session cannot do what was asked (not connected yet, ended, closed, timed out)."""


class ChatTimeoutError(ChatSessionError, TimeoutError):
    """A wait ran out; also the builtin TimeoutError, which is what users catch (on every Python:
    before 3.11 neither asyncio's nor concurrent.futures' TimeoutError is the builtin)."""


def classify_failure(error: BaseException) -> Failure:
    """How a REST error bears on the session: 403 ends it, transient errors are retried."""
    if isinstance(error, ProxyConnectionError):
        return Failure.PROXY
    status = getattr(error, "status_code", None)
    if status == 403:
        return Failure.DENIED
    if getattr(error, "retryable", False):
        return Failure.RETRYABLE
    if isinstance(error, (OSError, TimeoutError)):  # includes the client's TransportError family
        return Failure.RETRYABLE
    if isinstance(status, int) and (status >= 500 or status == 429):
        return Failure.RETRYABLE
    return Failure.FATAL


def describe(error: BaseException) -> str:
    """A short reason for logs and events; paws_compat errors already mask their tokens."""
    code = getattr(error, "code", None)
    return f"{code or type(error).__name__}: {error}"[:300]


def not_connected(timeout: float, error: BaseException | None) -> ChatTimeoutError:
    """start()'s timeout error, naming the last failure (say, the endpoint refusing connections)
    so that a user is not left guessing; the failure is also its __cause__."""
    message = f"could not connect the chat within {timeout} s"
    if error is None:
        return ChatTimeoutError(message)
    failed = ChatTimeoutError(f"{message}; the last attempt failed with {describe(error)}")
    failed.__cause__ = error
    return failed


@cache
def _item_shape() -> Shape:
    return load_model("connectparticipant").shapes["Item"]


def to_record(item: Mapping[str, Any]) -> Any:
    """A socket or transcript item as a paws-shaped Item record, like GetTranscript's, keeping
    what the service sends that the model does not know (InitialContactId on the item,
    MessageCompleted and ChunkNumber on its MessageMetadata) as plain members."""
    from paws_compat._result import Record, parse_output

    record = parse_output(_item_shape(), dict(item))
    metadata = item.get("MessageMetadata")
    extra_metadata = _unknown(record.MessageMetadata, metadata)
    extra = _unknown(record, item)
    if not extra and not extra_metadata:
        return record
    values = dict(record.items())
    if extra_metadata:
        known = record.MessageMetadata
        values["MessageMetadata"] = Record(known.shape, {**known, **extra_metadata}, metadata)
    values.update(extra)
    return Record(record.shape, values, item)


def _unknown(record: Any, data: Any) -> dict[str, Any]:
    """Members of `data` (plain JSON) that `record`'s shape does not have, without nulls."""
    if not isinstance(data, Mapping):
        return {}
    wire = _wire_names(record.shape) if record.shape is not None else frozenset()
    if len(data) <= len(wire) and data.keys() <= wire:
        return {}
    return {str(k): v for k, v in data.items() if k not in wire and v is not None}


@cache
def _wire_names(shape: Shape) -> frozenset[str]:
    return frozenset(member.location_name or name for name, member in shape.members.items())


def item_record(item: Mapping[str, Any]) -> Any | None:
    """`to_record`, or None (with a warning) for an item that does not fit the model: one malformed
    item (say a Content that is not a string) must not take its neighbours, or the session, with it."""
    try:
        return to_record(item)
    except Exception as error:
        # The parse error names the member path and the expected type, never a value.
        item_id = item.get("Id")
        logger.warning(
            "chat item %s skipped, it does not fit the model: %s",
            item_id if isinstance(item_id, str) else "(no Id)",
            mask(str(error))[:300],
        )
        return None


def handler_names(event: ItemEvent | ConnectionEvent) -> tuple[str, ...]:
    """The handler kinds one event goes to, most specific first."""
    if isinstance(event, ConnectionEvent):
        return (event.kind,)
    if event.update:
        return ("update", "item")
    return (event.kind, "item")


def check_kind(kind: str) -> None:
    if kind not in HANDLER_KINDS:
        raise argument_error(
            "kind", f"is {kind!r}, not a chat event", f"one of {', '.join(sorted(HANDLER_KINDS))}"
        )


# --- REST calls of a session ------------------------------------------------------------------------


def send_message(client: Any, token: str, content: str, content_type: str) -> Any:
    return client.send_message(ContentType=content_type, Content=content, ConnectionToken=token)


def send_event(client: Any, token: str, content_type: str, content: str | None) -> Any:
    return client.send_event(ContentType=content_type, Content=content, ConnectionToken=token)


def send_typing(client: Any, token: str) -> Any:
    return send_event(client, token, TYPING_CONTENT_TYPE, None)


def check_message_id(message_id: Any) -> str:
    """A receipt's message Id, checked before anything is queued or sent."""
    if not isinstance(message_id, str) or not message_id:
        raise argument_error(
            "message_id", f"is {value_kind(message_id)}", "the Id of a message (a non-empty string)"
        )
    return message_id


RECEIPTS_DOC = """With receipts on (ChatConfig.receipts, the default) a receipt is sent as
amazon-connect-chatjs sends it: once per message, a read superseding a delivered, batched every
`receipt_throttle` seconds; returns True when it will be sent, False when it repeats one already
sent. With receipts off it is sent at once and SendEvent's result is returned."""


def send_receipt(client: Any, token: str, message_id: str, *, read: bool) -> Any:
    content_type = READ_CONTENT_TYPE if read else DELIVERED_CONTENT_TYPE
    return send_event(client, token, content_type, json.dumps({"messageId": message_id}))


def transcript_page(client: Any, token: str, **kwargs: Any) -> Any:
    return client.get_transcript(ConnectionToken=token, **kwargs)


def transcript_fill_page(
    client: Any, arguments: Mapping[str, Any]
) -> tuple[list[dict[str, Any]], str | None]:
    """One GetTranscript page of a gap fill: its items as plain data, and its NextToken.

    The client fits the whole page to the model, so one malformed item (a Content that is not a
    string) fails the page, and with it every valid message of the gap, on every retry. Such a
    page is asked for again without that check (`transcript_page_lenient`): the items that fit
    are kept, the others skipped with a warning, as the socket path does.
    """
    try:
        page = client.get_transcript(**arguments)
    except ResponseParseError as error:
        logger.info("GetTranscript page does not fit the model (%s); read item by item", describe(error))
        return transcript_page_lenient(client, arguments, error)
    items = [_plain(item) for item in page["Transcript"]]
    return items, page["NextToken"] or None


def transcript_page_lenient(
    client: Any, arguments: Mapping[str, Any], error: ResponseParseError
) -> tuple[list[dict[str, Any]], str | None]:
    """GetTranscript asked again for its JSON as sent (the client's `_call_json`: same checks,
    headers and retries), each item fitted to the model on its own. `error` is raised again for a
    client that cannot do that (not a paws_compat client), or a body that is not a page at all."""
    call_json = getattr(client, "_call_json", None)
    if call_json is None:
        raise error
    data = call_json("get_transcript", dict(arguments))
    transcript = data.get("Transcript") if isinstance(data, dict) else None
    if not isinstance(transcript, list):
        raise error
    items: list[dict[str, Any]] = []
    for raw in transcript:
        if not isinstance(raw, dict):
            logger.warning("chat transcript item skipped, it is not an object")
            continue
        record = item_record(raw)  # None (and a warning naming the Id) when it does not fit
        if record is not None:
            items.append(_plain(record))
    next_token = data.get("NextToken")
    return items, next_token if isinstance(next_token, str) and next_token else None


def _plain(item: Any) -> dict[str, Any]:
    """A transcript item (a Record from the client) as plain JSON data for the protocol."""
    to_dict = getattr(item, "to_dict", None)
    return dict(to_dict()) if callable(to_dict) else dict(item)


def transcript_all(client: Any, token: str, *, page_size: int = 100, max_pages: int = 10_000) -> list[Any]:
    """Every item of the chat, oldest first: paged BACKWARD from the newest item (the service
    refuses FORWARD without a StartPosition), each page ASCENDING, the pages put back in order."""
    pages: list[list[Any]] = []
    next_token: str | None = None
    for _ in range(max_pages):
        page = client.get_transcript(
            ConnectionToken=token,
            ScanDirection="BACKWARD",
            SortOrder="ASCENDING",
            MaxResults=page_size,
            NextToken=next_token,
        )
        pages.append(list(page["Transcript"]))
        next_token = page["NextToken"] or None
        if not next_token:
            break
    return [item for page in reversed(pages) for item in page]


def read_attachment_source(
    source: str | bytes | os.PathLike[str], name: str | None, content_type: str | None
) -> tuple[bytes, str, str]:
    """Bytes, file name and content type of what `send_attachment` was given."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        if not name:
            raise argument_error(
                "name", "is missing", "a file name is required when sending bytes as an attachment"
            )
    else:
        path = os.fspath(source)
        with open(path, "rb") as handle:
            data = handle.read()
        name = name or os.path.basename(path)
    if not content_type:
        guessed, _ = mimetypes.guess_type(name)
        content_type = guessed or "application/octet-stream"
    return data, name, content_type


def send_attachment(
    client: Any,
    token: str,
    source: str | bytes | os.PathLike[str],
    name: str | None,
    content_type: str | None,
    upload: Callable[[str, bytes, dict[str, str]], None] | None = None,
) -> str:
    """StartAttachmentUpload, PUT the bytes to the URL it gives, CompleteAttachmentUpload."""
    data, name, content_type = read_attachment_source(source, name, content_type)
    started = client.start_attachment_upload(
        ContentType=content_type, AttachmentSizeInBytes=len(data), AttachmentName=name, ConnectionToken=token
    )
    metadata = started["UploadMetadata"]
    headers = {str(k): str(v) for k, v in dict(metadata["HeadersToInclude"] or {}).items()}
    if upload is not None:
        upload(str(metadata["Url"]), data, headers)
    else:
        put_bytes(str(metadata["Url"]), data, headers, network=_network.of(client))
    attachment_id = str(started["AttachmentId"])
    client.complete_attachment_upload(AttachmentIds=[attachment_id], ConnectionToken=token)
    return attachment_id


def put_bytes(url: str, data: bytes, headers: dict[str, str], network: NetworkPolicy | None = None) -> None:
    """Upload to a pre-signed URL (no AWS signature: the URL carries it) with the client's network
    policy: its proxy, trust store and clear-text rule. Without one (a stand-in client), the policy
    a default client would have: requests carries these bytes as it carries every other."""
    _transfer(network, "upload", "PUT", url, body=data, headers=headers)


def _transfer(network: NetworkPolicy | None, what: str, method: str, url: str, **options: Any) -> bytes:
    """One attachment transfer through the client's network policy (or a default one, closed
    after), resent on a failure to connect or a 5xx (a PUT of the same bytes, or a GET, to the
    same URL is safe to repeat)."""
    if network is None:
        policy = _network.standalone()
        try:
            return _transfer(policy, what, method, url, **options)
        finally:
            policy.close()
    from paws_compat._errors import ConfigError, TransportError

    status, body = 0, b""
    for attempt in range(3):
        try:
            status, body = network.transfer(method, url, timeout=ATTACHMENT_UPLOAD_TIMEOUT, **options)
        except ConfigError as exc:
            raise ChatSessionError(f"attachment {what} refused: {exc}") from None
        except TransportError as exc:
            if attempt == 2:
                raise ChatSessionError(f"attachment {what} failed: {mask(str(exc))}") from None
            continue
        if status < 500:
            break
    if status >= 300:
        raise ChatSessionError(f"attachment {what} failed with HTTP {status}")
    return bytes(body)


def download_attachment(client: Any, token: str, attachment_id: str) -> bytes:
    """GetAttachment, then GET the pre-signed URL it gives with the client's network policy (its
    proxy, trust store and clear-text rule, as uploads): the attachment's bytes, no more than the
    size GetAttachment states."""
    answer = client.get_attachment(AttachmentId=attachment_id, ConnectionToken=token)
    network = _network.of(client)
    size = answer["AttachmentSizeInBytes"]
    options: dict[str, Any] = {}
    if isinstance(size, int) and not isinstance(size, bool) and size > 0:
        options["limit"] = size
    return _transfer(network, "download", "GET", str(answer["Url"]), **options)

"""Every lifetime, limit and default of the emulator, in one place: `Limits`.

`Emulator`, `paws-compat emulator` (its options are made from these fields) and the bench read
this class and nothing else, so a default is written once. Times are in seconds, sizes in bytes.
No aiohttp here: the CLI builds its parser from this module without the 'emulator' extra.
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import attrs

# The service's feature limits on a message's length, in characters (websocket.md: "Messages up to
# 1,024 characters (12,000 for application/json)"; Amazon Connect's API reference for ChatMessage
# gives the same two figures and 12,288 for interactive.response). A content type not listed here is
# held only to the model's 16,384 (checked by the validator before the service sees the request).
MESSAGE_LIMITS: Mapping[str, int] = MappingProxyType(
    {
        "text/plain": 1024,
        "text/markdown": 1024,
        "application/json": 12000,
        "application/vnd.amazonaws.connect.message.interactive.response": 12288,
    }
)

# What Amazon Connect chat accepts as attachments (its admin guide's list of file types).
ATTACHMENT_CONTENT_TYPES = frozenset(
    {
        "text/csv",
        "text/plain",
        "application/pdf",
        "application/rtf",
        "application/msword",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.ms-excel",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.ms-powerpoint",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "image/jpeg",
        "image/png",
        "image/heic",
        "video/mp4",
        "video/quicktime",
        "audio/wav",
        "audio/x-wav",
    }
)

SEND_QUEUE_POLICIES = ("close", "drop")


def _merge_message_limits(value: Mapping[str, int] | None) -> Mapping[str, int]:
    """Given limits are laid over the service's (so ``{"text/plain": 16384}`` changes only one)."""
    merged = {**MESSAGE_LIMITS, **(value or {})}
    for content_type, limit in merged.items():
        if not isinstance(limit, int) or isinstance(limit, bool) or not 1 <= limit <= 16384:
            raise ValueError(
                f"message_limits[{content_type!r}] must be an integer from 1 to 16384 (the model's "
                f"largest Content), got {limit!r}"
            )
    return MappingProxyType(merged)


def _origins(value: Any) -> tuple[str, ...]:
    origins = (value,) if isinstance(value, str) else tuple(value or ())
    for origin in origins:
        if origin != "*" and ("://" not in origin or origin.endswith("/")):
            raise ValueError(
                f"cors_origins: {origin!r} is not an origin; give scheme://host[:port] without a "
                "path (e.g. https://app.example.com), or * for any origin"
            )
    return origins


def _names(value: Any) -> tuple[str, ...]:
    names = (value,) if isinstance(value, str) else tuple(value or ())
    return tuple(name.lower().strip("[]") for name in names)


def _positive(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueError(f"{attribute.name} must be a finite number, got {value!r}")
    if value < 0 or (value == 0 and attribute.metadata.get("nonzero")):
        rule = "greater than 0" if attribute.metadata.get("nonzero") else "0 or more"
        raise ValueError(f"{attribute.name} must be {rule}, got {value!r}")


def _count(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{attribute.name} must be a whole number of at least 1, got {value!r}")


def _seconds(default: float, help: str, nonzero: bool = False) -> Any:
    return attrs.field(
        default=default, validator=_positive, metadata={"help": help, "cli": True, "nonzero": nonzero}
    )


def _number(default: int, help: str, cli: bool = True) -> Any:
    return attrs.field(default=default, validator=_count, metadata={"help": help, "cli": cli})


@attrs.frozen
class Limits:
    """The emulator's lifetimes and limits; tests shrink them, ``attrs.evolve`` makes variants."""

    # -- the service's rules (its documented quotas and lifetimes) ------------------------------
    connection_expiry_seconds: float = _seconds(100.0, "how long a websocket URL may wait to be opened")
    connection_token_seconds: float = _seconds(86400.0, "lifetime of a ConnectionToken")
    # Amazon Connect documents no idle timeout of its own. Its websocket sits behind API Gateway (an
    # inference: its error frames, {"message": "Forbidden", "connectionId": ..., "requestId": ...},
    # are API Gateway's), whose WebSocket quotas are a connection duration of 2 hours and an idle
    # connection timeout of 10 minutes, neither adjustable (API Gateway developer guide, "Quotas for
    # configuring and running a WebSocket API"). The close code is not documented: 1001, as for the
    # socket's life.
    # Which traffic counts as activity is not documented: (stricter) only frames from the client,
    # not the service's own deliveries nor protocol-level pings. Clients that follow the service
    # (amazon-connect-chatjs, our chat session) send aws/heartbeat every 10 s and are never idle.
    max_socket_life_seconds: float = _seconds(7200.0, "the service closes a websocket after this long")
    websocket_idle_seconds: float = _seconds(
        600.0, "a websocket whose client sends no frame for this long is closed (1001)", nonzero=True
    )
    max_sockets_per_participant: int = _number(5, "open websockets one participant may hold")
    max_participants_per_contact: int = _number(6, "participants present in one chat at a time")
    chat_duration_minutes: float = _seconds(
        1500, "how long a chat lasts unless StartChatContact says (minutes)", nonzero=True
    )
    max_active_chats_per_instance: int = _number(10000, "active chats per instance")
    attachment_url_seconds: float = _seconds(300.0, "life of an attachment upload URL")
    attachment_max_bytes: int = _number(20 * 1024 * 1024, "largest attachment")
    attachment_count_limit: int = _number(20, "attachments per chat")
    attachment_total_bytes_limit: int = _number(100 * 1024 * 1024, "total attachment bytes per chat")
    attachment_uploads_in_progress_limit: int = _number(5, "uploads one participant may have open")
    attachment_content_types: frozenset[str] = attrs.field(
        default=ATTACHMENT_CONTENT_TYPES, converter=frozenset
    )
    message_limits: Mapping[str, int] = attrs.field(
        default=MESSAGE_LIMITS, converter=_merge_message_limits, eq=False
    )
    ended_chat_retention_seconds: float = _seconds(
        3600.0, "an ended chat (transcript, tokens, attachments) is forgotten this long after it ends"
    )
    # -- what keeps the server up under hostile input -------------------------------------------
    send_queue_frames: int = _number(1024, "frames queued for one websocket before its policy applies")
    send_queue_bytes: int = _number(1024 * 1024, "bytes queued for one websocket before its policy applies")
    send_queue_policy: str = attrs.field(
        default="close",
        validator=attrs.validators.in_(SEND_QUEUE_POLICIES),
        metadata={
            "help": "a websocket whose reader falls behind: close (1008, then cut) or drop (cut now)",
            "cli": True,
            "choices": SEND_QUEUE_POLICIES,
        },
    )
    max_frame_bytes: int = _number(128 * 1024, "largest websocket frame accepted from a client")
    header_timeout_seconds: float = _seconds(
        10.0, "a request's headers must arrive within this long of its first byte", nonzero=True
    )
    body_timeout_seconds: float = _seconds(
        15.0, "a request's body must arrive within this long", nonzero=True
    )
    idle_timeout_seconds: float = _seconds(
        60.0, "a connection with no request in progress is closed after this long", nonzero=True
    )
    max_connections: int = _number(2048, "open connections in all (lowered to fit the file limit)")
    max_connections_per_client: int = _number(1024, "open connections from one client address")
    max_request_bytes: int = _number(
        1024 * 1024, "ceiling on a request body; each operation is held to what its model allows"
    )
    max_json_depth: int = _number(32, "deepest JSON nesting accepted in a body, frame or token")
    log_repeat_seconds: float = _seconds(
        10.0, "a log line repeated within this window is counted, not written", nonzero=True
    )
    cors_origins: tuple[str, ...] = attrs.field(
        default=(),
        converter=_origins,
        metadata={
            "help": "a browser origin allowed besides loopback ones (repeatable; * for any)",
            "cli": True,
            "repeat": "cors_origin",
        },
    )
    allowed_hosts: tuple[str, ...] = attrs.field(
        default=(),
        converter=_names,
        metadata={
            "help": "a Host name served besides loopback names and IP literals (repeatable)",
            "cli": True,
            "repeat": "allowed_host",
        },
    )
    request_log_size: int = _number(10000, "requests kept in the request log", cli=False)

    def evolve(self, **changes: Any) -> Limits:
        """A copy with some fields changed (unknown names raise TypeError naming them)."""
        return attrs.evolve(self, **changes)


FIELD_NAMES = frozenset(field.name for field in attrs.fields(Limits))


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """One command-line option per field (``--connection-expiry-seconds`` ...), defaults from Limits."""
    defaults = Limits()
    for field in attrs.fields(Limits):
        if not field.metadata.get("cli"):
            continue
        repeat = field.metadata.get("repeat")
        flag = "--" + (repeat or field.name).replace("_", "-")
        help_text = field.metadata["help"]
        if repeat:
            parser.add_argument(flag, dest=field.name, action="append", default=None, help=help_text)
            continue
        default = getattr(defaults, field.name)
        kind: Any = type(default) if not isinstance(default, str) else str
        if kind is int and field.name.endswith("_seconds"):
            kind = float
        parser.add_argument(
            flag,
            dest=field.name,
            type=kind,
            default=None,
            choices=field.metadata.get("choices"),
            help=f"{help_text} (default: {default})",
        )


def from_arguments(args: argparse.Namespace) -> Limits:
    """The Limits the parsed options ask for; a bad value raises ValueError naming the option."""
    given = {name: getattr(args, name) for name in FIELD_NAMES if getattr(args, name, None) is not None}
    try:
        return Limits(**given)
    except ValueError as error:
        # The field's checks name the field; on the command line the option is what was wrong.
        text = str(error)
        for field in attrs.fields(Limits):
            if field.metadata.get("cli") and text.startswith(field.name):
                flag = "--" + (field.metadata.get("repeat") or field.name).replace("_", "-")
                raise ValueError(flag + text[len(field.name) :]) from None
        raise

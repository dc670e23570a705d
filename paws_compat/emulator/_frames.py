"""What the chat websocket answers to each frame a client sends, without any I/O.

The service's websocket (spec websocket.md, and what amazon-connect-chatjs sends): ``aws/subscribe``
with ``{"topics": ["aws/chat"]}`` is acknowledged with a status; ``aws/heartbeat`` is echoed;
``aws/ping`` gets ``statusCode`` 200; anything else, binary frames included, gets a ``Forbidden``
message and the socket stays open.
"""

from __future__ import annotations

import json
import uuid
from typing import Protocol

from paws_compat.emulator._json import loads

HEARTBEAT = '{"topic":"aws/heartbeat"}'
PING_OK = '{"topic":"aws/ping","statusCode":200,"statusContent":"OK"}'
PING_500 = '{"topic":"aws/ping","statusCode":500,"statusContent":"Internal Server Error"}'
_FRAME_DEPTH = 8


class SocketFaults(Protocol):
    def socket_fault(self, name: str) -> bool: ...


def forbidden(connection_id: str) -> str:
    return json.dumps(
        {"message": "Forbidden", "connectionId": connection_id, "requestId": str(uuid.uuid4())},
        separators=(",", ":"),
    )


def answer(text: str | None, connection_id: str, faults: SocketFaults) -> tuple[str | None, bool | None]:
    """(frame to send back or None, new subscribed state or None) for one client frame.

    `text` None stands for a binary frame.
    """
    try:
        frame = loads(text, _FRAME_DEPTH) if text is not None else None
    except ValueError:
        frame = None
    topic = frame.get("topic") if isinstance(frame, dict) else None
    if topic == "aws/heartbeat":
        return (None if faults.socket_fault("silent_heartbeat") else HEARTBEAT), None
    if topic == "aws/ping":
        return (PING_500 if faults.socket_fault("ping_500") else PING_OK), None
    if topic == "aws/subscribe":
        assert isinstance(frame, dict)
        content = frame.get("content")
        topics = content.get("topics") if isinstance(content, dict) else None
        good = isinstance(topics, list) and bool(topics) and all(t == "aws/chat" for t in topics)
        subscribed = good and not faults.socket_fault("subscribe_failure")
        shown = topics if isinstance(topics, list) else []
        status = "success" if subscribed else "failure"
        ack = {"topic": "aws/subscribe", "content": {"status": status, "topics": shown}}
        return json.dumps(ack, separators=(",", ":")), (True if subscribed else None)
    return forbidden(connection_id), None

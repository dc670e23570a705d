"""Chat sessions that never lose a message: a managed websocket over the Participant Service.

    import paws_compat
    from paws_compat.chat import ChatSession

    svc = paws_compat.connectparticipant(endpoint="http://127.0.0.1:8999", region="us-east-1")
    with ChatSession(svc, participant_token) as session:     # connects, subscribes, fills history
        session.on("typing", lambda item: print(item.DisplayName, "is typing"))
        session.send_message("Hello")
        for item in session.poll(timeout=5):                 # paws-shaped Item records
            print(item.DisplayName, item.Content)

`protocol` holds every decision (sans-I/O: subscribe, heartbeats, rotation, token refresh,
reconnect, gap fill, dedup, order); `ChatSession` (threads; what R uses through reticulate) and
`AsyncChatSession` (asyncio) do the I/O with the `websockets` library. `ChatConfig` sets every
interval; `ChatConfig.fast()` shrinks them for tests.
"""

from ._common import ChatSessionError, ChatTimeoutError
from .aio import AsyncChatSession
from .protocol import ChatConfig, ConnectionEvent, State, classify
from .sync import ChatSession

__all__ = [
    "AsyncChatSession",
    "ChatConfig",
    "ChatSession",
    "ChatSessionError",
    "ChatTimeoutError",
    "ConnectionEvent",
    "State",
    "classify",
]

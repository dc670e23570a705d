"""Chat sessions that never lose a message: a managed websocket over the Participant Service.

`protocol` holds every decision (sans-I/O); `ChatSession` (threads; usable from R) and
`AsyncChatSession` (asyncio) do the I/O with the `websockets` library.
"""

from ._common import ChatSessionError
from .aio import AsyncChatSession
from .protocol import ChatConfig, ConnectionEvent, State, classify
from .sync import ChatSession

__all__ = [
    "AsyncChatSession",
    "ChatConfig",
    "ChatSession",
    "ChatSessionError",
    "ConnectionEvent",
    "State",
    "classify",
]

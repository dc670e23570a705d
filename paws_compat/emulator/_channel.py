"""One open chat websocket under aiohttp: a bounded send queue written in order by one task, and
the service's two clocks on the socket, its maximum life and its idle timeout.

The frame rules themselves are in `_frames` (sans-I/O); this is only what a socket needs from the
event loop. Both clocks are single TimerHandles per socket: the idle one records when the client
was last heard and checks that when it fires, so a frame costs an attribute write, not a timer.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque
from typing import Any

from aiohttp import web

from paws_compat.emulator._limits import Limits
from paws_compat.emulator._records import Participant

log = logging.getLogger("paws_compat.emulator")

# A close frame that cannot get through (the peer reads nothing) is given this long, then cut.
CLOSE_GRACE_SECONDS = 2.0
# The service closes with 1001 (going away) both when a socket's life is up and when it was idle.
GOING_AWAY = 1001


class SocketChannel:
    """One open websocket: frames are queued, within limits, and written in order by one task."""

    __slots__ = (
        "_closing",
        "_heard",
        "_idle",
        "_life",
        "_limits",
        "_loop",
        "_queue",
        "_queued",
        "_task",
        "_transport",
        "_wake",
        "participant",
        "subscribed",
        "ws",
    )

    def __init__(
        self, ws: web.WebSocketResponse, participant: Participant, transport: Any, limits: Limits
    ) -> None:
        self.ws = ws
        self.participant = participant
        self.subscribed = False
        self._limits = limits
        self._queue: deque[str | tuple[int, str]] = deque()
        self._queued = 0
        self._wake = asyncio.Event()
        self._transport = transport
        self._closing = False
        self._loop = loop = asyncio.get_running_loop()
        self._task = loop.create_task(self._write())
        self._heard = loop.time()
        self._life = loop.call_later(
            limits.max_socket_life_seconds, self.close, GOING_AWAY, "maximum socket life reached"
        )
        self._idle: asyncio.TimerHandle | None = loop.call_at(
            self._heard + limits.websocket_idle_seconds, self._check_idle
        )

    # -- the two clocks --------------------------------------------------------------------------

    def heard(self) -> None:
        """A frame came from the client: the idle clock starts again."""
        self._heard = self._loop.time()

    def _check_idle(self) -> None:
        self._idle = None
        deadline = self._heard + self._limits.websocket_idle_seconds
        if self._loop.time() < deadline:
            self._idle = self._loop.call_at(deadline, self._check_idle)
            return
        self.close(
            GOING_AWAY, f"idle timeout: no frame from the client in {self._limits.websocket_idle_seconds:g} s"
        )
        self._loop.call_later(CLOSE_GRACE_SECONDS, self.abort)

    def stop_clocks(self) -> None:
        self._life.cancel()
        if self._idle is not None:
            self._idle.cancel()
            self._idle = None

    # -- frames out ------------------------------------------------------------------------------

    def push(self, text: str) -> None:
        if self._closing:
            return
        self._queue.append(text)
        self._queued += len(text)
        limits = self._limits
        if len(self._queue) > limits.send_queue_frames or self._queued > limits.send_queue_bytes:
            self._overflow()
            return
        self._wake.set()

    def _overflow(self) -> None:
        """The peer reads slower than frames come: its queue is dropped and it is closed or cut."""
        log.warning("websocket send queue over its limit: %s", self._limits.send_queue_policy)
        self._queue.clear()
        self._queued = 0
        if self._limits.send_queue_policy == "drop":
            self.abort()
            return
        self.close(1008, "send queue full: the client reads too slowly")
        self._loop.call_later(CLOSE_GRACE_SECONDS, self.abort)

    def close(self, code: int, reason: str) -> None:
        if not self._closing:
            self._closing = True
            self._queue.append((code, reason))
            self._wake.set()

    def abort(self) -> None:
        """A network drop: no close frame, the peer just loses the connection."""
        self._closing = True
        self._queue.clear()
        if self._transport is not None and not self._transport.is_closing():
            self._transport.abort()

    async def _write(self) -> None:
        ws = self.ws
        try:
            while True:
                await self._wake.wait()
                self._wake.clear()
                while self._queue:
                    entry = self._queue.popleft()
                    if isinstance(entry, str):
                        self._queued -= len(entry)
                        await ws.send_str(entry)
                    else:
                        await ws.close(code=entry[0], message=entry[1].encode())
                        return
        except (ConnectionError, RuntimeError, asyncio.CancelledError):
            return

    async def finish(self, timeout: float) -> None:
        self.stop_clocks()
        if not self._task.done():
            with contextlib.suppress(asyncio.TimeoutError, Exception):
                await asyncio.wait_for(asyncio.shield(self._task), timeout=timeout)
        self._task.cancel()

"""Connection-level limits under aiohttp: caps per client and overall, and a header timeout.

aiohttp itself closes a connection idle past its keep-alive timeout (the emulator sets it to
`idle_timeout_seconds`) but has no cap on connections and lets request headers trickle in for
that whole time (slow loris). Each accepted connection gets a `Guard`: past a cap it is answered
503 and closed before aiohttp sees it; once a request's first byte arrives its headers must be
complete within `header_timeout_seconds`, else the connection is cut.
"""

from __future__ import annotations

import asyncio
import logging
import resource
from collections import Counter
from collections.abc import Callable
from typing import Any

import attrs
from aiohttp import web

from paws_compat.emulator._limits import Limits

log = logging.getLogger("paws_compat.emulator")

_REFUSAL = (
    b"HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nRetry-After: 1\r\n"
    b"Content-Type: application/json\r\nContent-Length: 47\r\n\r\n"
    b'{"message":"too many connections, retry later"}'
)
# File descriptors kept free for everything else (logs, attachments, the control API's answers).
_FD_RESERVE = 64


def connection_caps(limits: Limits) -> tuple[int, int]:
    """(overall, per client) caps, lowered to fit the process's open-file limit.

    Past the file limit accept() fails with EMFILE in a loop (asyncio logs every failure); under
    the cap the server answers 503 and keeps serving.
    """
    overall = limits.max_connections
    try:
        soft, _hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    except (OSError, ValueError):  # pragma: no cover - every POSIX system has it
        soft = resource.RLIM_INFINITY
    if soft != resource.RLIM_INFINITY:
        overall = max(1, min(overall, soft - _FD_RESERVE))
    return overall, min(limits.max_connections_per_client, overall)


@attrs.define(eq=False)
class ConnectionTable:
    """Open connections by client address, and the guards of those in a request."""

    overall: int
    per_client: int
    header_timeout: float
    open: int = 0
    by_client: Counter[str] = attrs.field(factory=Counter)
    refused: int = 0
    guards: dict[Any, Guard] = attrs.field(factory=dict)

    def admit(self, client: str) -> bool:
        if self.open >= self.overall or self.by_client[client] >= self.per_client:
            self.refused += 1
            return False
        self.open += 1
        self.by_client[client] += 1
        return True

    def release(self, client: str) -> None:
        self.open -= 1
        self.by_client[client] -= 1
        if self.by_client[client] <= 0:
            del self.by_client[client]


class Guard(asyncio.Protocol):
    """Wraps aiohttp's protocol for one connection: caps at accept, header deadline per request.

    The deadline costs no timer per request: the first byte of a request only records the time,
    and one timer per connection, made when none is pending, checks it when it fires (then sleeps
    again until that request's own deadline, or ends when no request is waiting for its headers).
    A timer made and cancelled on every request cost a tenth of SendMessage's time.
    """

    __slots__ = ("_client", "_inner", "_table", "_timer", "_transport", "_waiting_since", "busy")

    def __init__(self, inner: Any, table: ConnectionTable) -> None:
        self._inner = inner
        self._table = table
        self._client = ""
        self._transport: asyncio.Transport | None = None
        self._timer: asyncio.TimerHandle | None = None
        self._waiting_since: float | None = None  # loop time of a request's first byte
        self.busy = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        peer = transport.get_extra_info("peername")
        self._client = str(peer[0]) if peer else "?"
        if not self._table.admit(self._client):
            log.warning("connection refused: the emulator's connection cap is reached")
            transport.write(_REFUSAL)
            transport.close()
            self._client = ""
            return
        self._transport = transport
        self._table.guards[transport] = self
        self._inner.connection_made(transport)

    def connection_lost(self, exc: BaseException | None) -> None:
        if self._transport is None:
            return
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        self._table.guards.pop(self._transport, None)
        self._table.release(self._client)
        self._transport = None
        self._inner.connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self._transport is None:
            return
        if not self.busy and self._waiting_since is None:
            loop = asyncio.get_running_loop()
            self._waiting_since = loop.time()
            if self._timer is None:
                self._timer = loop.call_at(self._waiting_since + self._table.header_timeout, self._check)
        self._inner.data_received(data)

    def eof_received(self) -> bool | None:
        if self._transport is None:
            return None
        keep_open: bool | None = self._inner.eof_received()
        return keep_open

    def pause_writing(self) -> None:
        if self._transport is not None:
            self._inner.pause_writing()

    def resume_writing(self) -> None:
        if self._transport is not None:
            self._inner.resume_writing()

    # -- called by the server's middleware -----------------------------------------------------

    def request_started(self) -> None:
        self.busy = True
        self._waiting_since = None

    def request_done(self) -> None:
        self.busy = False

    def _check(self) -> None:
        self._timer = None
        since = self._waiting_since
        if since is None or self.busy or self._transport is None:
            return  # no request waiting for its headers: the next first byte makes a timer again
        loop = asyncio.get_running_loop()
        deadline = since + self._table.header_timeout
        if loop.time() < deadline:
            self._timer = loop.call_at(deadline, self._check)
            return
        log.warning("connection cut: request headers not complete within %.0f s", self._table.header_timeout)
        self._transport.abort()


class GuardedSite(web.TCPSite):
    """A TCPSite whose connections go through `Guard` (aiohttp's own site, one factory swapped)."""

    def __init__(self, runner: web.BaseRunner, table: ConnectionTable, *args: Any, **kwargs: Any) -> None:
        super().__init__(runner, *args, **kwargs)
        self.table = table

    async def start(self) -> None:
        await web.BaseSite.start(self)
        loop = asyncio.get_running_loop()
        server = self._runner.server
        assert server is not None
        table = self.table
        factory: Callable[[], Guard] = lambda: Guard(server(), table)  # noqa: E731
        self._server = await loop.create_server(
            factory,
            self._host,
            self._port,
            backlog=self._backlog,
            reuse_address=self._reuse_address,
            reuse_port=self._reuse_port,
        )
        sockets = self._server.sockets
        self._bound_port = sockets[0].getsockname()[1] if sockets else self._port

"""The I/O around `ChatProtocol` on an asyncio loop: websockets, REST calls in an executor, a timer.

Both front-ends run this: the asyncio session on the caller's loop, the sync session on a private
loop in a background thread. Every input is fed to the protocol with the loop's monotonic clock and
every output is carried out at once (`_pump`); the only timer is the protocol's next deadline.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import functools
import logging
import time
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from paws_compat import _network
from paws_compat._errors import ConfigError
from paws_compat._redact import mask

from ._calls import DaemonExecutor, session_client
from ._common import classify_failure, describe, send_receipt, transcript_fill_page
from .protocol import (
    ChatConfig,
    ChatProtocol,
    CloseSocket,
    Event,
    FetchTranscript,
    Grant,
    OpenSocket,
    RequestConnection,
    SendFrame,
    SendReceipt,
    State,
)

logger = logging.getLogger("paws_compat.chat")


if TYPE_CHECKING:  # subscriptable at run time only from Python 3.11
    _LoggerAdapter = logging.LoggerAdapter[logging.Logger]
else:
    _LoggerAdapter = logging.LoggerAdapter


class _RedactingLogger(_LoggerAdapter):
    """The websockets library logs the request line at DEBUG, and with it the URL's AuthToken:
    format each record here and mask the token before it reaches any handler."""

    def log(self, level: int, msg: object, *args: Any, **kwargs: Any) -> None:
        if not self.isEnabledFor(level):
            return
        text = str(msg) % args if args else str(msg)
        self.logger.log(level, "%s", mask(text), **kwargs)


_WEBSOCKETS_LOGGER = _RedactingLogger(logging.getLogger("websockets.client"), {})

_MIN_TIMER_DELAY = 0.001
_CLOSE_TIMEOUT = 2.0


class _Socket:
    __slots__ = ("outgoing", "task", "ws")

    def __init__(self) -> None:
        self.ws: ClientConnection | None = None
        self.task: asyncio.Task[None] | None = None
        self.outgoing: asyncio.Queue[str] = asyncio.Queue()


class Engine:
    """Drives one ChatProtocol. Create and use it only on its loop."""

    def __init__(
        self,
        client: Any,
        participant_token: str,
        config: ChatConfig,
        *,
        connect_participant: bool,
        participant_id: str | None = None,
        on_events: Callable[[list[Event]], None],
        on_state: Callable[[State], None] | None = None,
        executor: concurrent.futures.Executor | None = None,
        owns_executor: bool | None = None,
    ) -> None:
        self._client, self._transport = session_client(client)
        self._participant_token = participant_token
        self.config = config
        self.proto = ChatProtocol(
            config, connect_participant=connect_participant, participant_id=participant_id
        )
        self._on_events = on_events
        self._on_state = on_state
        self._owns_executor = executor is None if owns_executor is None else owns_executor
        self._executor = executor if executor is not None else DaemonExecutor()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._sockets: dict[int, _Socket] = {}
        self._tasks: set[asyncio.Task[Any]] = set()
        self._calls: set[asyncio.Task[Any]] = set()  # the REST calls among the tasks
        self._timer: asyncio.TimerHandle | None = None
        self._state = self.proto.state
        self.last_error: BaseException | None = None
        self._clock_ahead = 0.0  # how far time.time() runs ahead of the service's clock, as judged

    def __repr__(self) -> str:
        return f"<Engine {self.proto.state.value}>"

    # --- lifecycle --------------------------------------------------------------------------------

    def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        self.proto.start(self._now())
        self._pump()

    async def aclose(self) -> None:
        """Close the protocol (and so every socket) and cancel the REST calls: nothing more is sent
        (a retry neither); then wait, within `close_timeout`, for the sockets to close and the
        session's call threads to end. A call stuck longer keeps a daemon thread until its own
        timeout; its answer is dropped."""
        if self._loop is None:
            return
        deadline = self._now() + self.config.close_timeout
        if self._transport is not None:
            self._transport.closed = True
        self.proto.close(self._now())
        self._pump()
        for call in list(self._calls):
            call.cancel()  # their answers no longer matter; only the sockets' close is waited for
        await self.wait_idle(max(0.0, deadline - self._now()))
        self._cancel_all()
        if self._owns_executor and isinstance(self._executor, DaemonExecutor):
            self._executor.shutdown(wait=False)
            while self._executor.threads and self._now() < deadline:
                await asyncio.sleep(0.01)

    async def wait_idle(self, timeout: float) -> None:
        pending = [task for task in self._tasks if not task.done()]
        if pending:
            await asyncio.wait(pending, timeout=timeout)

    def _cancel_all(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        for task in list(self._tasks):
            task.cancel()

    # --- the pump ---------------------------------------------------------------------------------

    def _now(self) -> float:
        assert self._loop is not None
        return self._loop.time()

    def _pump(self) -> None:
        proto = self.proto
        for action in proto.take_actions():
            if isinstance(action, SendFrame):
                sock = self._sockets.get(action.socket_id)
                if sock is not None:
                    sock.outgoing.put_nowait(action.text)
            elif isinstance(action, OpenSocket):
                sock = _Socket()
                self._sockets[action.socket_id] = sock
                sock.task = self._spawn(self._run_socket(action, sock))
            elif isinstance(action, CloseSocket):
                closing = self._sockets.pop(action.socket_id, None)
                if closing is not None:
                    self._spawn(self._close_socket(closing, action.code))
            elif isinstance(action, RequestConnection):
                self._spawn_call(self._request_connection(action))
            elif isinstance(action, FetchTranscript):
                self._spawn_call(self._fetch_transcript(action))
            elif isinstance(action, SendReceipt):
                self._spawn_call(self._send_receipt(action))
        events = proto.take_events()
        if events:
            try:
                self._on_events(events)
            except Exception:
                # Delivery is the front-end's; whatever goes wrong there must not stop this pump,
                # or the timer (heartbeats, reconnects) is never scheduled again.
                logger.exception("chat events could not be delivered")
        if proto.state is not self._state:
            self._state = proto.state
            if self._on_state is not None:
                self._on_state(proto.state)
        self._schedule()

    def _schedule(self) -> None:
        deadline = self.proto.next_deadline()
        timer = self._timer
        if timer is not None:
            if deadline is not None and timer.when() == deadline:
                return  # most inputs (a heartbeat answered, an item) leave the deadline as it was
            timer.cancel()
            self._timer = None
        if deadline is None or self._loop is None:
            return
        when = max(deadline, self._loop.time() + _MIN_TIMER_DELAY)
        self._timer = self._loop.call_at(when, self._on_timer)

    def _on_timer(self) -> None:
        self._timer = None
        self.proto.tick(self._now())
        self._pump()

    def _spawn(self, coroutine: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        task = asyncio.ensure_future(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    def _spawn_call(self, coroutine: Coroutine[Any, Any, Any]) -> None:
        task = self._spawn(coroutine)
        self._calls.add(task)
        task.add_done_callback(self._calls.discard)

    async def _blocking(self, function: Callable[..., Any], /, **kwargs: Any) -> Any:
        assert self._loop is not None
        return await self._loop.run_in_executor(self._executor, functools.partial(function, **kwargs))

    # --- REST -------------------------------------------------------------------------------------

    async def _request_connection(self, action: RequestConnection) -> None:
        started = self._now()
        try:
            result = await asyncio.wait_for(
                self._blocking(
                    self._client.create_participant_connection,
                    Type=list(action.types),
                    ParticipantToken=self._participant_token,
                    ConnectParticipant=action.connect_participant or None,
                ),
                self.config.request_timeout,
            )
        except asyncio.CancelledError:
            raise
        except Exception as error:  # every failure is an input to the protocol
            self.last_error = error
            logger.info("CreateParticipantConnection failed: %s", describe(error))
            self.proto.connection_failed(
                self._now(), action.request_id, classify_failure(error), describe(error)
            )
        else:
            grant = Grant.from_response(
                result,
                time.time(),
                request_seconds=self._now() - started,
                clock_ahead=self._clock_ahead,
            )
            self._clock_ahead = grant.clock_ahead
            self.proto.connection_granted(self._now(), action.request_id, grant)
        self._pump()

    async def _fetch_transcript(self, action: FetchTranscript) -> None:
        arguments = action.arguments(self.proto.connection_token)
        try:
            items, next_token = await asyncio.wait_for(
                self._blocking(transcript_fill_page, client=self._client, arguments=arguments),
                self.config.request_timeout,
            )
        except asyncio.CancelledError:
            raise
        except Exception as error:
            logger.info("GetTranscript failed: %s", describe(error))
            self.proto.transcript_failed(
                self._now(), action.request_id, classify_failure(error), describe(error)
            )
        else:
            self.proto.transcript_received(self._now(), action.request_id, items, next_token)
        self._pump()

    def ask_receipt(self, kind: str, message_id: str) -> bool:
        """A receipt the application asked for, into the protocol's batch (see _receipts)."""
        asked = self.proto.ask_receipt(self._now(), kind, message_id)
        self._pump()
        return asked

    def flush_receipts(self) -> None:
        self.proto.flush_receipts(self._now())
        self._pump()

    async def _send_receipt(self, action: SendReceipt) -> None:
        token = self.proto.connection_token
        if token is None:
            return
        try:
            await asyncio.wait_for(
                self._blocking(
                    send_receipt,
                    client=self._client,
                    token=token,
                    message_id=action.message_id,
                    read=action.kind == "read",
                ),
                self.config.request_timeout,
            )
        except asyncio.CancelledError:
            raise
        except Exception as error:  # chatjs does not retry a receipt either; the next one covers it
            logger.info("SendEvent (%s receipt) failed: %s", action.kind, describe(error))

    async def wait_calls(self, timeout: float) -> None:
        """Wait (bounded) for the REST calls in flight, say the receipts sent before leaving."""
        pending = [task for task in self._calls if not task.done()]
        if pending:
            await asyncio.wait(pending, timeout=timeout)

    # --- websockets -------------------------------------------------------------------------------

    async def _run_socket(self, action: OpenSocket, sock: _Socket) -> None:
        socket_id = action.socket_id
        try:
            options = _transport_options(action.url, self._client)
        except ConfigError as error:  # the policy refuses the URL (says why, the URL masked)
            self.last_error = error
            logger.warning("websocket %d not opened: %s", socket_id, error)
            self.proto.socket_refused(self._now(), socket_id, str(error))
            self._pump()
            return
        try:
            ws = await connect(
                action.url,
                **options,
                open_timeout=self.config.open_timeout,
                ping_interval=None,  # the service's own ping and heartbeat frames do this job
                close_timeout=_CLOSE_TIMEOUT,
                max_size=4 * self.config.max_frame_bytes,  # longer ones are skipped by the protocol
                compression=None,
                logger=_WEBSOCKETS_LOGGER,
            )
        except asyncio.CancelledError:
            raise
        except Exception as error:
            logger.info("websocket %d failed to open: %s", socket_id, type(error).__name__)
            self.proto.socket_failed(
                self._now(), socket_id, f"websocket failed to open: {type(error).__name__}"
            )
            self._pump()
            return
        if self._sockets.get(socket_id) is not sock:  # closed while opening
            await _quiet_close(ws, 1000)
            return
        sock.ws = ws
        self.proto.socket_opened(self._now(), socket_id)
        self._pump()
        writer = asyncio.ensure_future(self._write(ws, sock))
        code: int | None = None
        try:
            async for message in ws:
                self.proto.frame_received(self._now(), socket_id, message)
                self._pump()
        except ConnectionClosed:
            pass
        finally:
            writer.cancel()
            code = ws.close_code
        self.proto.socket_closed(self._now(), socket_id, code)
        self._pump()

    async def _write(self, ws: ClientConnection, sock: _Socket) -> None:
        with contextlib.suppress(ConnectionClosed):
            while True:
                text = await sock.outgoing.get()
                await ws.send(text)

    async def _close_socket(self, sock: _Socket, code: int) -> None:
        task = sock.task
        if sock.ws is not None:
            await _quiet_close(sock.ws, code)
        if task is not None and not task.done():
            task.cancel()


async def _quiet_close(ws: ClientConnection, code: int) -> None:
    try:
        await asyncio.wait_for(ws.close(code), _CLOSE_TIMEOUT + 0.5)
    except (asyncio.TimeoutError, ConnectionClosed, OSError):
        ws.transport.abort()


def _transport_options(url: str, client: Any) -> dict[str, Any]:
    """How a websocket reaches its URL: the client's network policy (the proxy, trust store and
    clear-text rule of its REST calls). Without one (a stand-in client), the policy a default
    client would have, as its attachments take: never websockets' own proxy and TLS defaults."""
    network = _network.of(client)
    if network is not None:
        return dict(network.websocket_options(url))
    policy = _network.standalone()
    try:
        return dict(policy.websocket_options(url))
    finally:
        policy.close()

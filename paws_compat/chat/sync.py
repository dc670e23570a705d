"""`ChatSession`: a chat for blocking code, and for R through reticulate.

The websocket, heartbeats, reconnects and gap fills run on a private event loop in a background
thread. Everything the application sees goes through a queue and is handed over on the caller's
thread inside `poll()` (or iteration): handlers never run on another thread, which R requires.
Under reticulate 1.28 the background thread only runs while R is inside a Python call that waits,
so an R program should spend its idle time in `session$poll(timeout = ...)`; after being frozen
for minutes the session notices on the next poll, reconnects and fills the gap.
"""

from __future__ import annotations

import asyncio
import collections
import concurrent.futures
import contextlib
import threading
import time
from collections.abc import Callable, Iterator
from types import TracebackType
from typing import TYPE_CHECKING, Any

from . import _common
from ._common import ChatSessionError
from ._surface import SessionSurface
from ._values import Event, ItemEvent, State

if TYPE_CHECKING:
    from ..type_defs import Item  # a Record at run time; its members typed for checkers

_STOP_GRACE = 2.0  # beyond close_timeout, for the loop thread to finish its last callbacks
_BEGIN_TIMEOUT = 10.0  # for the session's new loop to take the engine on


class ChatSession(SessionSurface):
    """One participant's chat over a managed websocket; every item delivered exactly once.

    >>> with ChatSession(svc, participant_token) as session:   # doctest: +SKIP
    ...     session.send_message("Hello")
    ...     for item in session.poll(timeout=5):
    ...         print(item.DisplayName, item.Content)

    `config` (a `ChatConfig`) sets the intervals; keyword overrides are applied on top of it.
    Handlers registered with `on()` run inside `poll()` on the caller's thread; an exception in a
    handler comes out of that `poll()`, and the events after it stay queued for the next one.
    """

    def _init_front(self) -> None:
        self._queue: collections.deque[Event] = collections.deque()
        self._ready = threading.Condition()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._carried: list[Any] = []

    # --- lifecycle --------------------------------------------------------------------------------

    def start(self, timeout: float = 30.0) -> ChatSession:
        """Connect and subscribe; returns once the socket is live. Raises the service's error (say
        AccessDeniedException) if the chat cannot be joined, ChatSessionError after `timeout`."""
        if self._closed:
            # close() already ran: starting now would leave a thread and a socket nothing stops.
            raise ChatSessionError("the session was closed; create a new one")
        if self._thread is not None:
            raise ChatSessionError("the session was already started")
        loop = asyncio.new_event_loop()
        self._loop = loop
        self._thread = threading.Thread(target=self._run_loop, name="paws-compat-chat", daemon=True)
        self._thread.start()

        async def begin() -> None:
            self._engine = self._new_engine(on_events=self._push, on_state=self._set_state)
            self._engine.start()

        try:
            asyncio.run_coroutine_threadsafe(begin(), loop).result(timeout=_BEGIN_TIMEOUT)
        except concurrent.futures.TimeoutError:
            self.close()  # the loop did not answer in time: stop it rather than leave it running
            message = f"the session's loop did not start within {_BEGIN_TIMEOUT} s"
            raise _common.ChatTimeoutError(message) from None
        except BaseException:
            self.close()
            raise
        deadline = time.monotonic() + timeout
        with self._ready:
            while self._state in (State.IDLE, State.CONNECTING):
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._ready.wait(left)
            state = self._state
        if state is State.CONNECTED:
            return self
        error = self._engine.last_error if self._engine is not None else None
        self.close()
        if state is State.IDLE or state is State.CONNECTING:
            raise _common.not_connected(timeout, error)
        if error is not None:
            raise error
        raise ChatSessionError(f"the chat could not be joined ({state.value})")

    def _run_loop(self) -> None:
        loop = self._loop
        assert loop is not None
        asyncio.set_event_loop(loop)
        try:
            loop.run_forever()
        finally:
            with contextlib.suppress(Exception):
                loop.run_until_complete(loop.shutdown_asyncgens())
            loop.close()

    def close(self) -> None:
        """Close the websocket, cancel the session's REST calls (nothing more is sent, retries
        neither) and stop the background thread; returns when they are gone, or after about
        `close_timeout` (idempotent; the chat goes on for the others)."""
        if self._closed:
            return
        self._closed = True
        loop, thread, engine = self._loop, self._thread, self._engine
        if loop is not None and not loop.is_closed():
            if engine is not None:
                with contextlib.suppress(Exception):
                    bound = self.config.close_timeout + 1.0
                    asyncio.run_coroutine_threadsafe(engine.aclose(), loop).result(timeout=bound)
            loop.call_soon_threadsafe(loop.stop)
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=self.config.close_timeout + _STOP_GRACE)
        self._set_state(State.CLOSED if not self._state.terminal else self._state)

    def disconnect(self) -> Any:
        """Leave the chat (DisconnectParticipant), then close the session. Receipts still held
        are sent first; then, as chatjs 4+ does, the session waits (at most `leave_timeout`) for
        the chat to end for this participant, so what the service sends after a customer leaves
        (a survey, say) still arrives: `poll()` returns it after disconnect()."""
        try:
            self._flush_receipts()
            answer = self.client.disconnect_participant(ConnectionToken=self._connection_token())
            self._wait_ended(self.config.leave_timeout)
            return answer
        finally:
            self.close()

    def _wait_ended(self, timeout: float) -> None:
        if self._engine is None or self._closed:
            return
        deadline = time.monotonic() + timeout
        with self._ready:
            while not self._state.terminal:
                left = deadline - time.monotonic()
                if left <= 0:
                    return
                self._ready.wait(left)

    def _flush_receipts(self) -> None:
        engine, loop = self._engine, self._loop
        if engine is None or loop is None or loop.is_closed() or self._closed:
            return

        async def flush() -> None:
            engine.flush_receipts()
            await engine.wait_calls(self.config.request_timeout)

        with contextlib.suppress(Exception):  # leaving matters more than a receipt
            asyncio.run_coroutine_threadsafe(flush(), loop).result(timeout=self.config.request_timeout + 1.0)

    def __enter__(self) -> ChatSession:
        if self._thread is None:
            self.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    # --- state --------------------------------------------------------------------------------------

    def _set_state(self, state: State) -> None:
        with self._ready:
            self._state = state
            self._ready.notify_all()

    def _push(self, events: list[Event]) -> None:
        with self._ready:
            for event in events:
                if len(self._queue) >= self.config.queue_max:
                    self._queue.popleft()
                    self._dropped_oldest()
                self._queue.append(event)
            self._ready.notify_all()

    # --- receiving ------------------------------------------------------------------------------------

    def poll(self, timeout: float = 0.0) -> list[Item]:
        """Items that arrived, as paws-shaped records, oldest first, waiting up to `timeout` seconds
        for the first. An item whose Id was returned before is an update of it (streamed reply)."""
        deadline = time.monotonic() + max(0.0, float(timeout))
        items, self._carried = self._carried, []
        while True:
            event = self._next_event(deadline if not items else None)
            if event is None:
                return items
            if isinstance(event, ItemEvent):
                payload: Any = _common.item_record(event.item)
                if payload is None:
                    continue  # malformed: logged, and the items around it still come
                items.append(payload)
            else:
                payload = event
            try:
                for name in _common.handler_names(event):
                    for handler in list(self._handlers.get(name, ())):
                        handler(payload)
            except BaseException:
                self._carried = items  # returned by the next poll, not lost with this one
                raise

    def _next_event(self, deadline: float | None) -> Event | None:
        with self._ready:
            while not self._queue:
                if deadline is None or self._state.terminal:
                    return None
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                self._ready.wait(min(left, 1.0))
            return self._queue.popleft()

    def __iter__(self) -> Iterator[Item]:
        """Items until the chat ends or the session closes."""
        while True:
            batch = self.poll(timeout=1.0)
            yield from batch
            if not batch and self.ended and not self._queue:
                return

    # --- sending --------------------------------------------------------------------------------------

    def _call(self, function: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
        return function(*args, **kwargs)

    def _value(self, value: Any) -> Any:
        return value

    def _receipt(self, kind: str, message_id: str) -> Any:
        token = self._token()
        engine = self._engine
        assert engine is not None
        if not self.config.receipts:
            result = _common.send_receipt(self.client, token, message_id, read=kind == "read")
            self._on_loop(engine.proto.receipts.sent_directly, kind, message_id)
            return result
        return self._on_loop(engine.ask_receipt, kind, message_id)

    def _on_loop(self, function: Callable[..., Any], *args: Any) -> Any:
        """Run `function` on the session's loop (where the protocol lives) and return its result."""
        loop = self._loop
        if loop is None or loop.is_closed():
            raise ChatSessionError("the session is not running")

        async def call() -> Any:
            return function(*args)

        try:
            return asyncio.run_coroutine_threadsafe(call(), loop).result(timeout=_BEGIN_TIMEOUT)
        except concurrent.futures.TimeoutError:
            message = f"the session's loop did not answer within {_BEGIN_TIMEOUT} s"
            raise _common.ChatTimeoutError(message) from None

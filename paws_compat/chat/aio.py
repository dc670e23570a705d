"""`AsyncChatSession`: the same chat session for asyncio programs (and servers holding thousands).

It runs the engine on the caller's loop; REST calls (the client is blocking) go to an executor: by
default the session's own `_engine.DaemonExecutor` (daemon threads), so that no call in flight holds the
process at exit and a session's hung calls take no thread from another session.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import functools
import logging
from collections.abc import AsyncIterator, Callable
from types import TracebackType
from typing import TYPE_CHECKING, Any

from . import _common
from ._calls import DaemonExecutor
from ._common import ChatSessionError
from ._surface import SessionSurface
from ._values import ChatConfig, Event, ItemEvent, State

if TYPE_CHECKING:
    from ..type_defs import Item  # a Record at run time; its members typed for checkers

logger = logging.getLogger("paws_compat.chat")


class AsyncChatSession(SessionSurface):
    """One participant's chat over a managed websocket, for asyncio.

    >>> async with AsyncChatSession(svc, participant_token) as session:   # doctest: +SKIP
    ...     await session.send_message("Hello")
    ...     async for item in session:
    ...         print(item.Content)

    Handlers registered with `on()` run on the loop as events arrive; a coroutine handler is
    awaited in a task of its own.
    """

    def __init__(
        self,
        client: Any,
        participant_token: str,
        connect_participant: bool = True,
        *,
        participant_id: str | None = None,
        config: ChatConfig | None = None,
        executor: concurrent.futures.Executor | None = None,
        **overrides: Any,
    ) -> None:
        super().__init__(
            client,
            participant_token,
            connect_participant,
            participant_id=participant_id,
            config=config,
            **overrides,
        )
        self._owns_executor = executor is None
        self._executor = executor if executor is not None else DaemonExecutor()
        self._items: asyncio.Queue[Any] | None = None
        self._changed: asyncio.Event | None = None
        self._handler_tasks: set[asyncio.Task[Any]] = set()

    # --- lifecycle --------------------------------------------------------------------------------

    async def start(self, timeout: float = 30.0) -> AsyncChatSession:
        """Connect and subscribe; raises the service's error or ChatSessionError on failure."""
        if self._closed:
            raise ChatSessionError("the session was closed; create a new one")
        if self._engine is not None:
            raise ChatSessionError("the session was already started")
        self._items = asyncio.Queue()
        self._changed = asyncio.Event()
        self._engine = self._new_engine(
            on_events=self._push,
            on_state=self._set_state,
            executor=self._executor,
            owns_executor=self._owns_executor,
        )
        self._engine.start()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while self._state in (State.IDLE, State.CONNECTING):
            left = deadline - loop.time()
            if left <= 0:
                break
            self._changed.clear()
            try:
                await asyncio.wait_for(self._changed.wait(), left)
            except asyncio.TimeoutError:
                break
        if self._state is State.CONNECTED:
            return self
        state, error = self._state, self._engine.last_error
        await self.close()
        if state in (State.IDLE, State.CONNECTING):
            raise _common.not_connected(timeout, error)
        if error is not None:
            raise error
        raise ChatSessionError(f"the chat could not be joined ({state.value})")

    async def close(self) -> None:
        """Close the websocket and cancel the session's REST calls (nothing more is sent); returns
        when its sockets and call threads are gone, or after about `close_timeout`; idempotent."""
        self._closed = True
        if self._engine is not None:
            await self._engine.aclose()
        if not self._state.terminal:
            self._set_state(State.CLOSED)

    async def disconnect(self) -> Any:
        """Leave the chat (DisconnectParticipant), then close the session; as the sync session's,
        it sends held receipts first and waits (at most `leave_timeout`) for chat.ended."""
        try:
            token = self._connection_token()
            if self._engine is not None and not self._closed:
                self._engine.flush_receipts()
                await self._engine.wait_calls(self.config.request_timeout)
            answer = await self._call(self.client.disconnect_participant, ConnectionToken=token)
            await self._wait_ended(self.config.leave_timeout)
            return answer
        finally:
            await self.close()

    async def _wait_ended(self, timeout: float) -> None:
        """Until the chat ended for this participant (chat.ended), at most `timeout` seconds."""
        if self._changed is None or self._closed:
            return
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not self._state.terminal:
            left = deadline - loop.time()
            if left <= 0:
                return
            self._changed.clear()
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._changed.wait(), left)

    async def __aenter__(self) -> AsyncChatSession:
        if self._engine is None:
            await self.start()
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        await self.close()

    # --- state --------------------------------------------------------------------------------------

    def _set_state(self, state: State) -> None:
        self._state = state
        if self._changed is not None:
            self._changed.set()

    def _push(self, events: list[Event]) -> None:
        assert self._items is not None
        for event in events:
            payload: Any = _common.item_record(event.item) if isinstance(event, ItemEvent) else event
            if payload is None:
                continue  # malformed: logged, and the items around it still come
            if isinstance(event, ItemEvent):
                if self._items.qsize() >= self.config.queue_max:
                    self._items.get_nowait()
                    self._dropped_oldest()
                self._items.put_nowait(payload)
            for name in _common.handler_names(event):
                for handler in list(self._handlers.get(name, ())):
                    try:
                        result = handler(payload)
                    except Exception:  # a handler's bug must not stop the session
                        logger.exception("chat %s handler failed", name)
                        continue
                    if asyncio.iscoroutine(result):
                        task = asyncio.ensure_future(result)
                        self._handler_tasks.add(task)
                        task.add_done_callback(self._handler_tasks.discard)
        if self._changed is not None:
            self._changed.set()

    # --- receiving ------------------------------------------------------------------------------------

    async def poll(self, timeout: float = 0.0) -> list[Item]:
        """Items that arrived, oldest first, waiting up to `timeout` seconds for the first."""
        if self._items is None:
            raise ChatSessionError("the session has not been started")
        items: list[Any] = []
        if self._items.empty() and timeout > 0 and not self._state.terminal:
            try:
                items.append(await asyncio.wait_for(self._items.get(), timeout))
            except asyncio.TimeoutError:
                return items
        while not self._items.empty():
            items.append(self._items.get_nowait())
        return items

    async def __aiter__(self) -> AsyncIterator[Item]:
        """Items until the chat ends or the session closes."""
        while True:
            batch = await self.poll(timeout=1.0)
            for item in batch:
                yield item
            if not batch and self.ended and self._items is not None and self._items.empty():
                return

    # --- sending --------------------------------------------------------------------------------------

    _start_hint = "await start() first"

    async def _call(self, function: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, functools.partial(function, *args, **kwargs))

    async def _value(self, value: Any) -> Any:
        return value

    async def _receipt(self, kind: str, message_id: str) -> Any:
        token = self._token()
        engine = self._engine
        assert engine is not None
        if not self.config.receipts:
            read = kind == "read"
            result = await self._call(_common.send_receipt, self.client, token, message_id, read=read)
            engine.proto.receipts.sent_directly(kind, message_id)
            return result
        return engine.ask_receipt(kind, message_id)

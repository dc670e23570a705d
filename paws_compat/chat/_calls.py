"""The REST side of a session: its calls run on threads of its own, through a view of the client
that close() can shut (nothing more is sent after it, retries neither)."""

from __future__ import annotations

import concurrent.futures
import copy
import functools
import queue
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any

from paws_compat._transport._base import Response, Timeouts, Transport

from ._common import ChatSessionError


class _SessionTransport(Transport):
    """The client's transport as one session's calls see it: once the session is closed nothing
    more is sent (the client's retries included), while the client itself goes on for its owner."""

    def __init__(self, inner: Transport) -> None:
        self._inner = inner
        self.closed = False

    def send(
        self,
        method: str,
        url: str,
        headers: Mapping[str, str],
        body: bytes | None,
        timeouts: Timeouts,
        *,
        deadline: float | None = None,
    ) -> Response:
        if self.closed:
            # Not a TransportError: the client does not retry it.
            raise ChatSessionError("the chat session was closed; the call was not sent")
        return self._inner.send(method, url, headers, body, timeouts, deadline=deadline)

    def close(self) -> None:
        """The transport is the client's: only its owner closes it."""


def session_client(client: Any) -> tuple[Any, _SessionTransport | None]:
    """A view of `client` for one session's REST calls: the same policy, trust store, proxy and
    retries, sending through a `_SessionTransport` that close() shuts. A client of another kind
    (a stand-in without a transport) is used as it is."""
    from paws_compat._client import Client

    if not isinstance(client, Client):
        return client, None
    inner = client._transport
    view = copy.copy(client)
    transport = _SessionTransport(inner)
    view._transport = transport
    return view, transport


class DaemonExecutor(concurrent.futures.Executor):
    """Runs one session's blocking REST calls on daemon threads.

    The loop's default executor is a ThreadPoolExecutor, whose threads the interpreter joins at
    exit: a GetTranscript still in flight after close() (up to `request_timeout`) held the whole
    process. A closed session does not want the answer, so nothing here outlives the process.

    Each session has its own: a call abandoned after `request_timeout` keeps its thread blocked
    until the HTTP read times out, and with one pool for the process a few sessions with hung
    calls took every thread, so that healthy sessions could not even connect. Here hung calls
    only use up their own session's `max_workers`. Threads are made when a call finds none idle
    and leave after `idle_timeout` seconds without work, so an idle session holds none.
    """

    def __init__(
        self, max_workers: int = 8, name: str = "paws-compat-chat-call", idle_timeout: float = 5.0
    ) -> None:
        self._max_workers = max_workers
        self._name = name
        self._idle_timeout = idle_timeout
        self._work: queue.SimpleQueue[tuple[concurrent.futures.Future[Any], Callable[[], Any]] | None] = (
            queue.SimpleQueue()
        )
        self._idle = threading.Semaphore(0)  # one release per idle thread; a call claims one
        self._lock = threading.Lock()
        self._threads = 0
        self._running: set[threading.Thread] = set()
        self._shut = False

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> concurrent.futures.Future[Any]:
        future: concurrent.futures.Future[Any] = concurrent.futures.Future()
        if self._shut:
            # After close, a call the application still makes (disconnect() may leave a closed
            # session) gets a thread of its own that ends with it.
            call = functools.partial(_run, future, functools.partial(fn, *args, **kwargs))
            threading.Thread(target=call, name=f"{self._name}-after-close", daemon=True).start()
            return future
        self._work.put((future, functools.partial(fn, *args, **kwargs)))
        if not self._idle.acquire(timeout=0):
            with self._lock:
                if self._threads < self._max_workers:
                    self._threads += 1
                    name = f"{self._name}-{self._threads}"
                    thread = threading.Thread(target=self._worker, name=name, daemon=True)
                    self._running.add(thread)
                    thread.start()
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False, timeout: float = 5.0) -> None:
        """Idle threads leave now; with `wait`, up to `timeout` s for busy ones to finish their
        call (a call that hangs longer keeps its daemon thread until its own timeout)."""
        with self._lock:
            self._shut = True
            threads = list(self._running)
        for _ in threads:
            self._work.put(None)
        if not wait:
            return
        deadline = time.monotonic() + timeout
        for thread in threads:
            thread.join(max(0.0, deadline - time.monotonic()))

    @property
    def threads(self) -> int:
        return self._threads

    def _worker(self) -> None:
        while True:
            try:
                work = self._work.get(timeout=self._idle_timeout)
            except queue.Empty:
                if self._idle.acquire(timeout=0):  # no call counts on this thread: leave
                    self._leave()
                    return
                continue  # a call claimed this thread: its work is on the way
            if work is None:  # shut down
                self._leave()
                return
            future, call = work
            _run(future, call)
            del future, call, work  # hold no result (or traceback) while idle
            self._idle.release()

    def _leave(self) -> None:
        with self._lock:
            self._threads -= 1
            self._running.discard(threading.current_thread())


def _run(future: concurrent.futures.Future[Any], call: Callable[[], Any]) -> None:
    if future.set_running_or_notify_cancel():
        try:
            result = call()
        except BaseException as error:
            future.set_exception(error)
        else:
            future.set_result(result)

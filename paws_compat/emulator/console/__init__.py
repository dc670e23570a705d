"""The emulator's console: a web page at the root URL, and the one control route it needs.

The page (index.html, console.css, console.js and participant.js beside this file, no build step) is
one more client of the public interfaces: it starts, joins and ends chats through the control API,
talks through the Participant Service over REST and the websocket like any participant, and arms
faults through /_emulator/faults. What no client interface gave it is a way to watch:
``GET /_emulator/feed`` is a server-sent event stream of the chats, the fault table, the request log
and, with ``?ContactId=``, that chat's transcript and every item as it happens (typing and receipts
included, which the transcript never keeps). Nothing in the feed is a token.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections import deque
from importlib import resources
from typing import TYPE_CHECKING, Any

from aiohttp import web

from paws_compat._config import is_loopback
from paws_compat.emulator._clock import iso
from paws_compat.emulator._control import PREFIX, contact_state
from paws_compat.emulator._faults import WEBSOCKET_FAULTS, Faults, _known_operations
from paws_compat.emulator._service import ChatService, Contact

if TYPE_CHECKING:
    from paws_compat.emulator._server import RequestLog

BOUND_HOST = web.AppKey("paws_compat.console.bound_host", str)
"""Set by whoever binds the app (Emulator.start), so the page can say when it is reachable from the
network; a request only tells which address it arrived on, not which ones are listening."""


def exposure_warning(host: str) -> str | None:
    """What `paws-compat emulator` prints and the page shows when bound to `host`; None on loopback.

    One text for both: the page gets it through the feed's hello, never from a copy of its own."""
    if is_loopback(host):
        return None
    return (
        "reachable from the network. The control interface has no authentication and hands out "
        "ParticipantTokens, and tokens travel in clear text over http."
    )


_FILES = {
    "index.html": "text/html",
    "console.css": "text/css",
    "console.js": "text/javascript",
    "participant.js": "text/javascript",
}
_HEADERS = {
    "Cache-Control": "no-cache",
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}

STATE_EVERY = 0.25
"""Seconds between looks at the chats, faults and request log: they change in many places
(sockets, subscriptions, rules, requests), so the feed compares snapshots rather than hooking each."""
KEEPALIVE_EVERY = 15.0
MAX_CHATS = 200
"""The newest chats the list shows; the rest are still reachable through the control API."""
MAX_TRANSCRIPT = 1000
MAX_REQUESTS = 300
MAX_QUEUED = 2000
"""Items a watcher may hold unsent; past that it is told to resync (reload) instead of growing."""


def install(app: web.Application, service: ChatService, faults: Faults, requests: RequestLog) -> None:
    """Add the page's routes and the feed to `app`."""
    files = {name: (resources.files(__name__) / name).read_bytes() for name in _FILES}
    feeds = _Feeds(service, faults, requests)

    async def page(request: web.Request) -> web.StreamResponse:
        name = request.match_info.get("name", "index.html")
        if name not in files:
            raise web.HTTPNotFound()
        return web.Response(body=files[name], content_type=_FILES[name], headers=_HEADERS)

    app.router.add_get("/", page)
    app.router.add_get(PREFIX + "/console/{name}", page)
    app.router.add_get(PREFIX + "/feed", feeds.serve)
    app.on_shutdown.append(feeds.close_all)


class _Watcher:
    """One open feed: items of its chat queued by the service's hook, written by its handler."""

    def __init__(self, contact_id: str | None) -> None:
        self.contact_id = contact_id
        self.items: deque[str] = deque()
        self.overflowed = False
        self.wake = asyncio.Event()

    def offer(self, contact: Contact, item: dict[str, Any]) -> None:
        if contact.id != self.contact_id:
            return
        if len(self.items) >= MAX_QUEUED:
            self.overflowed = True
            self.items.clear()
        else:
            # Encoded now: the service changes stored items in place (receipts, streamed updates).
            self.items.append(json.dumps(item, separators=(",", ":")))
        self.wake.set()


class _Feeds:
    def __init__(self, service: ChatService, faults: Faults, requests: RequestLog) -> None:
        self.service = service
        self.faults = faults
        self.requests = requests
        self.watchers: set[_Watcher] = set()
        self.closing = asyncio.Event()
        service.item_watchers.append(self._offer)

    def _offer(self, contact: Contact, item: dict[str, Any]) -> None:
        for watcher in self.watchers:
            watcher.offer(contact, item)

    async def close_all(self, app: web.Application) -> None:
        self.closing.set()
        for watcher in self.watchers:
            watcher.wake.set()

    def _state(self) -> str:
        contacts = sorted(self.service.contacts.values(), key=lambda c: c.started, reverse=True)
        chats = []
        for contact in contacts[:MAX_CHATS]:
            chat = contact_state(contact)
            chat["Started"] = iso(contact.started)
            chat["Ended"] = iso(contact.ended) if contact.ended is not None else None
            chats.append(chat)
        state = {
            "Chats": chats,
            "ChatCount": len(contacts),
            "Faults": [fault.to_dict() for fault in self.faults.rules],
            "WebsocketFaults": self.faults.armed_socket_faults(),
        }
        return json.dumps(state, separators=(",", ":"))

    async def serve(self, request: web.Request) -> web.StreamResponse:
        contact_id = request.query.get("ContactId") or None
        response = web.StreamResponse(
            headers={"Content-Type": "text/event-stream", "Cache-Control": "no-cache", **_HEADERS}
        )
        await response.prepare(request)
        bound = request.app.get(BOUND_HOST, "127.0.0.1")
        warning = exposure_warning(bound)
        hello = {
            "BoundHost": bound,
            "Loopback": warning is None,
            "Warning": None if warning is None else f"Bound to {bound}: {warning}",
            "Operations": sorted(_known_operations()),
            "WebsocketFaultKinds": list(WEBSOCKET_FAULTS),
        }
        watcher = _Watcher(contact_id)
        self.watchers.add(watcher)
        try:
            await _send(response, "hello", json.dumps(hello))
            if contact_id is not None:
                await _send(response, "transcript", self._transcript(contact_id))
            await self._stream(response, watcher)
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            self.watchers.discard(watcher)
        return response

    def _transcript(self, contact_id: str) -> str:
        contact = self.service.contacts.get(contact_id)
        if contact is None:
            return json.dumps({"ContactId": contact_id, "Missing": True, "Items": [], "Earlier": 0})
        items = contact.items[-MAX_TRANSCRIPT:]
        earlier = len(contact.items) - len(items)
        return json.dumps(
            {"ContactId": contact_id, "Missing": False, "Items": items, "Earlier": earlier},
            separators=(",", ":"),
        )

    async def _stream(self, response: web.StreamResponse, watcher: _Watcher) -> None:
        loop = asyncio.get_running_loop()
        last_state = ""
        last_request: dict[str, Any] | None = None
        first_look = True
        quiet_since = loop.time()
        while not self.closing.is_set():
            if watcher.overflowed:
                await _send(response, "resync", "{}")
                return
            while watcher.items:
                await _send(response, "item", watcher.items.popleft())
                quiet_since = loop.time()
            state = self._state()
            if state != last_state:
                await _send(response, "state", state)
                last_state = state
                quiet_since = loop.time()
            fresh, newest, reset = _newer(self.requests.entries(), last_request)
            if fresh or first_look or (reset and newest is not last_request):
                batch = {"Requests": fresh, "Reset": reset}
                await _send(response, "requests", json.dumps(batch, separators=(",", ":")))
                quiet_since = loop.time()
            last_request, first_look = newest, False
            if loop.time() - quiet_since >= KEEPALIVE_EVERY:
                await response.write(b": keepalive\n\n")
                quiet_since = loop.time()
            watcher.wake.clear()
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(watcher.wake.wait(), timeout=STATE_EVERY)


def _newer(
    entries: list[dict[str, Any]], last: dict[str, Any] | None
) -> tuple[list[dict[str, Any]], dict[str, Any] | None, bool]:
    """The log entries after `last`, the new `last`, and whether the page must start its table over.

    The log's own dicts are compared by identity, which marks the place even after the bounded log
    has dropped its oldest; when `last` is gone (first look, log cleared) the newest MAX_REQUESTS
    are sent as a fresh table."""
    if entries and entries[-1] is last:
        return [], last, False
    for index in range(len(entries) - 1, -1, -1):
        if entries[index] is last:
            return entries[index + 1 :][-MAX_REQUESTS:], entries[-1], False
    return entries[-MAX_REQUESTS:], entries[-1] if entries else None, True


async def _send(response: web.StreamResponse, event: str, data: str) -> None:
    await response.write(f"event: {event}\ndata: {data}\n\n".encode())

"""`Emulator`: the server with a Python face, run in its own thread or inside a running event loop.

Everything it offers besides the wire (start a chat, add an agent, end it, inject items, faults)
changes the state the server uses; calls from another thread hop onto the server's loop and wait.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import threading
from collections.abc import Callable, Iterable
from types import TracebackType
from typing import Any, TypeVar

import attrs
from aiohttp import web

from paws_compat.emulator import _logs
from paws_compat.emulator._connections import ConnectionTable, GuardedSite, connection_caps
from paws_compat.emulator._control import contact_state
from paws_compat.emulator._faults import Faults
from paws_compat.emulator._limits import FIELD_NAMES, Limits
from paws_compat.emulator._logs import RequestLog
from paws_compat.emulator._records import Contact
from paws_compat.emulator._server import EmulatorServer
from paws_compat.emulator._service import ChatService
from paws_compat.emulator.console import BOUND_HOST

T = TypeVar("T")

_START_TIMEOUT = 30.0
_CALL_TIMEOUT = 30.0


@attrs.frozen
class Chat:
    """A chat started through the emulator: the customer's ids and ParticipantToken."""

    contact_id: str
    participant_id: str
    participant_token: str = attrs.field(repr=False)
    instance_id: str
    display_name: str


@attrs.frozen
class ParticipantHandle:
    """A participant added to a chat (agent, bot, supervisor)."""

    contact_id: str
    participant_id: str
    participant_token: str = attrs.field(repr=False)
    role: str
    display_name: str


@attrs.frozen
class ChatPair:
    """A chat with its customer and one agent, the usual starting point of a test."""

    contact_id: str
    customer: Chat
    agent: ParticipantHandle

    @property
    def instance_id(self) -> str:
        return self.customer.instance_id


class Emulator:
    """A local Amazon Connect chat service (both `connect` and `connectparticipant`) on one port.

    ``with Emulator() as emu:`` runs it on a background thread; ``async with Emulator() as emu:``
    runs it on the current event loop. ``emu.endpoint`` is the endpoint for both services.

    Every lifetime and limit is a field of `Limits`: pass ``limits=Limits(...)``, or the fields as
    keywords (``Emulator(connection_expiry_seconds=1)``), which change the given limits (default
    ones when none are given). ``message_limits`` maps a message ContentType to the most characters
    SendMessage accepts for it, over the service's feature limits (text/plain 1,024,
    application/json 12,000, ...); ``{"text/plain": 16384}`` allows what the API model allows.
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        limits: Limits | None = None,
        **changes: Any,
    ) -> None:
        unknown = sorted(set(changes) - FIELD_NAMES)
        if unknown:
            raise TypeError(f"Emulator() got unknown limits {unknown}; known: {sorted(FIELD_NAMES)}")
        self.limits = (limits or Limits()).evolve(**changes) if changes else (limits or Limits())
        self.host = host
        self._port = port
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._runner: web.AppRunner | None = None
        self._stopped: asyncio.Event | None = None
        self._log_limiter: _logs.RepeatFilter | None = None
        self.service = ChatService(self.limits, schedule=self._schedule)
        self.faults = Faults(drop_sockets=self.drop_sockets)
        self._requests = RequestLog(self.limits.request_log_size)
        overall, per_client = connection_caps(self.limits)
        self.connections = ConnectionTable(overall, per_client, self.limits.header_timeout_seconds)
        self._server = EmulatorServer(
            self.service, self.faults, self._requests, self.limits, self.connections
        )
        self.signatures = self._server.signatures  # register(key, secret): verify Connect's SigV4

    @property
    def settings(self) -> Limits:
        """The limits (the name the emulator's first versions used)."""
        return self.limits

    # -- where it listens --------------------------------------------------------------------

    @property
    def port(self) -> int:
        if self._runner is None:
            raise RuntimeError("the emulator is not running")
        return self._port

    @property
    def endpoint(self) -> str:
        """`http://127.0.0.1:PORT`: the endpoint for both the connect and connectparticipant clients."""
        host = self.host if self.host not in ("0.0.0.0", "::", "") else "127.0.0.1"
        if ":" in host:
            host = f"[{host}]"
        return f"http://{host}:{self.port}"

    @property
    def websocket_url(self) -> str:
        return self.endpoint.replace("http://", "ws://", 1) + "/ws"

    @property
    def running(self) -> bool:
        return self._runner is not None

    # -- running inside an event loop ----------------------------------------------------------

    async def start(self) -> Emulator:
        """Start serving on the running loop (returns once the port is bound)."""
        if self._runner is not None:
            raise RuntimeError("the emulator is already running")
        self._loop = asyncio.get_running_loop()
        app = self._server.application()
        app[BOUND_HOST] = self.host
        runner = web.AppRunner(
            app,
            access_log=None,
            shutdown_timeout=2.0,
            handle_signals=False,
            keepalive_timeout=self.limits.idle_timeout_seconds,
        )
        await runner.setup()
        site = GuardedSite(runner, self.connections, self.host, self._port, backlog=2048)
        try:
            await site.start()
        except BaseException:
            await runner.cleanup()
            raise
        self._runner = runner
        addresses = runner.addresses
        self._port = int(addresses[0][1])
        self._server.bind(self.host, self._port)
        self._log_limiter = _logs.install(self.limits.log_repeat_seconds)
        return self

    async def stop(self) -> None:
        """Close every socket and stop serving."""
        runner, self._runner = self._runner, None
        if runner is not None:
            await runner.cleanup()
        limiter, self._log_limiter = self._log_limiter, None
        if limiter is not None:
            _logs.uninstall(limiter)

    async def __aenter__(self) -> Emulator:
        return await self.start()

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        await self.stop()

    # -- running on a thread of its own --------------------------------------------------------

    def start_in_thread(self) -> Emulator:
        """Start on a background thread with its own event loop; returns once the port is bound."""
        if self._thread is not None:
            raise RuntimeError("the emulator is already running")
        ready: concurrent.futures.Future[None] = concurrent.futures.Future()

        def serve() -> None:
            loop = asyncio.new_event_loop()
            asyncio.set_event_loop(loop)
            try:
                loop.run_until_complete(self._serve(ready))
            finally:
                loop.run_until_complete(loop.shutdown_asyncgens())
                loop.close()

        self._thread = threading.Thread(target=serve, name="paws-compat-emulator", daemon=True)
        self._thread.start()
        try:
            ready.result(timeout=_START_TIMEOUT)
        except BaseException:
            self._thread.join(timeout=5)
            self._thread = None
            raise
        return self

    async def _serve(self, ready: concurrent.futures.Future[None]) -> None:
        try:
            await self.start()
            self._stopped = asyncio.Event()
        except BaseException as error:
            ready.set_exception(error)
            return
        ready.set_result(None)
        await self._stopped.wait()
        await self.stop()

    def stop_thread(self) -> None:
        """Stop the background thread started by `start_in_thread` (waits for it)."""
        thread, loop, stopped = self._thread, self._loop, self._stopped
        if thread is None or loop is None or stopped is None:
            return
        loop.call_soon_threadsafe(stopped.set)
        thread.join(timeout=_CALL_TIMEOUT)
        self._thread = None

    def __enter__(self) -> Emulator:
        return self.start_in_thread()

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.stop_thread()

    # -- helpers that change the state ---------------------------------------------------------

    def _call(self, function: Callable[[], T]) -> T:
        """Run on the server's loop: directly when already there, else hop over and wait."""
        loop = self._loop
        if loop is None or not loop.is_running():
            return function()
        try:
            current = asyncio.get_running_loop()
        except RuntimeError:
            current = None
        if current is loop:
            return function()

        async def hop() -> T:
            return function()

        return asyncio.run_coroutine_threadsafe(hop(), loop).result(timeout=_CALL_TIMEOUT)

    def _schedule(self, delay: float, callback: Callable[[], None]) -> Any:
        if self._loop is None:
            return None
        return self._loop.call_later(delay, callback)

    def start_chat(
        self,
        display_name: str = "Customer",
        instance_id: str = "emulator-instance",
        contact_flow_id: str = "emulator-flow",
        initial_message: str | None = None,
        attributes: dict[str, str] | None = None,
        chat_duration_minutes: float | None = None,
    ) -> Chat:
        """StartChatContact without a connect client: the customer's ids and ParticipantToken."""
        body: dict[str, Any] = {
            "InstanceId": instance_id,
            "ContactFlowId": contact_flow_id,
            "ParticipantDetails": {"DisplayName": display_name},
        }
        if initial_message is not None:
            body["InitialMessage"] = {"ContentType": "text/plain", "Content": initial_message}
        if attributes is not None:
            body["Attributes"] = attributes
        if chat_duration_minutes is not None:
            body["ChatDurationInMinutes"] = chat_duration_minutes
        answer = self._call(lambda: self.service.start_chat_contact(body))
        return Chat(
            contact_id=answer["ContactId"],
            participant_id=answer["ParticipantId"],
            participant_token=answer["ParticipantToken"],
            instance_id=instance_id,
            display_name=display_name,
        )

    def add_participant(
        self, contact_id: str, role: str = "AGENT", display_name: str = "Agent"
    ) -> ParticipantHandle:
        """An agent (or CUSTOM_BOT, SUPERVISOR) joins the chat, as a contact control panel adds one.

        The Connect API's CreateParticipant takes only CUSTOM_BOT; this is the panel's way in.
        """

        def add() -> dict[str, Any]:
            contact = self._contact(contact_id)
            return self.service.add_participant(
                {
                    "InstanceId": contact.instance_id,
                    "ContactId": contact_id,
                    "ParticipantDetails": {"ParticipantRole": role, "DisplayName": display_name},
                }
            )

        answer = self._call(add)
        return ParticipantHandle(
            contact_id=contact_id,
            participant_id=answer["ParticipantId"],
            participant_token=answer["ParticipantCredentials"]["ParticipantToken"],
            role=role,
            display_name=display_name,
        )

    def start_chat_with_agent(
        self, customer_name: str = "Customer", agent_name: str = "Agent", **options: Any
    ) -> ChatPair:
        """A chat, its customer and an agent who has joined (StartChatContact + CreateParticipant)."""
        chat = self.start_chat(display_name=customer_name, **options)
        agent = self.add_participant(chat.contact_id, role="AGENT", display_name=agent_name)
        return ChatPair(contact_id=chat.contact_id, customer=chat, agent=agent)

    def stop_contact(self, contact_id: str, reason: str = "API") -> None:
        """End the chat as StopContact does (chat ended item, sockets closed, tokens refused)."""
        self._call(lambda: self.service.end_chat(self._contact(contact_id), reason))

    def inject_item(
        self, contact_id: str, item: dict[str, Any], deliver: bool = True, transcript: bool = True
    ) -> dict[str, Any]:
        """Put an item into a chat as the service would: on the sockets and/or in the transcript.

        Missing Id, AbsoluteTime and ContactId are filled in; an Id already in the transcript updates
        that item (streamed replies). Use `deliver=False` or `transcript=False` to make gaps.
        """
        return self._call(
            lambda: dict(
                self.service.add_item(
                    self._contact(contact_id), dict(item), deliver=deliver, transcript=transcript
                )
            )
        )

    def add_view(
        self,
        name: str,
        template: str = "{}",
        input_schema: str = "{}",
        actions: Iterable[str] = (),
        version: int = 1,
    ) -> str:
        """Register a view for DescribeView; returns its ViewToken."""
        return self._call(lambda: self.service.add_view(name, template, input_schema, list(actions), version))

    def drop_sockets(self, contact_id: str | None = None, participant_id: str | None = None) -> int:
        """Cut websockets now without a close frame (all, one chat's, or one participant's)."""
        return self._call(lambda: self.service.drop_sockets(contact_id, participant_id))

    def chat_state(self, contact_id: str) -> dict[str, Any]:
        """A chat's participants, sockets and item count (no tokens)."""
        return self._call(lambda: contact_state(self._contact(contact_id)))

    def transcript(self, contact_id: str) -> list[dict[str, Any]]:
        """Every stored item of a chat, oldest first (what GetTranscript pages through)."""
        return self._call(lambda: [dict(item) for item in self._contact(contact_id).transcript])

    @property
    def requests(self) -> list[dict[str, Any]]:
        """Requests received so far, oldest first, bearer tokens masked."""
        return self._requests.entries()

    def clear_requests(self) -> None:
        self._requests.clear()

    def _contact(self, contact_id: str) -> Contact:
        contact = self.service.contacts.get(contact_id)
        if contact is None:
            raise KeyError(f"no chat {contact_id} in this emulator")
        return contact

    def __repr__(self) -> str:
        where = self.endpoint if self.running else "stopped"
        return f"<Emulator {where}>"

"""Regressions from the chat audit, each against the real emulator over real sockets."""

from __future__ import annotations

import asyncio
import logging
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from paws_compat.chat import AsyncChatSession, ChatConfig, ChatSession, ChatSessionError, State
from paws_compat.emulator import Emulator
from tests.chat.conftest import FAST
from tests.chat.test_session_faults import collect, has_messages, messages, poll_for


@pytest.fixture
def emulator(paws_emulator_factory: Callable[..., Emulator]) -> Emulator:
    return paws_emulator_factory()


def _connected_agent(emulator: Emulator, pair: Any, client_for: Callable[[str], Any]) -> tuple[Any, str]:
    """The agent's client and ConnectionToken, for sending messages into the chat."""
    agent = client_for(emulator.endpoint)
    token = agent.create_participant_connection(
        Type=["CONNECTION_CREDENTIALS"],
        ParticipantToken=pair.agent.participant_token,
        ConnectParticipant=True,
    )["ConnectionCredentials"]["ConnectionToken"]
    return agent, token


def _text(content: Any) -> dict[str, Any]:
    return {"Type": "MESSAGE", "ContentType": "text/plain", "Content": content}


# --- a malformed item -------------------------------------------------------------------------


def test_a_malformed_item_loses_no_neighbour_in_the_sync_session(
    emulator: Emulator, open_session: Callable[..., ChatSession], caplog: pytest.LogCaptureFixture
) -> None:
    pair = emulator.start_chat_with_agent()
    customer = open_session(emulator.endpoint, pair.customer.participant_token, deliver_history=False)
    with caplog.at_level(logging.WARNING, logger="paws_compat.chat"):
        emulator.inject_item(pair.contact_id, _text("before"))
        bad = emulator.inject_item(pair.contact_id, _text({"card": 1}))  # Content must be a string
        emulator.inject_item(pair.contact_id, _text("after"))
        items = collect(customer, has_messages("before", "after"))
    assert messages(items) == ["before", "after"]
    assert customer.state is State.CONNECTED
    assert any(bad["Id"] in record.getMessage() for record in caplog.records)


def test_a_malformed_item_neither_loses_neighbours_nor_stops_the_asyncio_engine(
    emulator: Emulator, client_for: Callable[[str], Any]
) -> None:
    async def scenario() -> tuple[list[str], State, int]:
        pair = emulator.start_chat_with_agent()
        session = AsyncChatSession(
            client_for(emulator.endpoint),
            pair.customer.participant_token,
            config=ChatConfig.fast(deliver_history=False),
        )
        async with session:
            emulator.inject_item(pair.contact_id, _text("before"))
            emulator.inject_item(pair.contact_id, _text({"card": 1}))
            emulator.inject_item(pair.contact_id, _text("after"))
            got: list[str] = []

            async def after_and_two_heartbeats() -> int:
                while "after" not in got:
                    got.extend(item.Content for item in await session.poll(timeout=1.0))
                # The engine's timer still runs: heartbeats keep going out.
                heartbeats = session.stats["heartbeats"]
                while session.stats["heartbeats"] < heartbeats + 2:
                    await asyncio.sleep(0.1)
                return int(heartbeats)

            heartbeats = await asyncio.wait_for(after_and_two_heartbeats(), 20)  # 3.10 has no asyncio.timeout
            return got, session.state, session.stats["heartbeats"] - heartbeats

    got, state, more = asyncio.run(scenario())
    assert got == ["before", "after"]
    assert state is State.CONNECTED
    assert more >= 2


# --- close before start -------------------------------------------------------------------------


def _chat_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "paws-compat-chat" and t.is_alive()]


def test_a_session_closed_before_start_refuses_to_start_and_leaves_nothing_running(
    emulator: Emulator, client_for: Callable[[str], Any]
) -> None:
    pair = emulator.start_chat_with_agent()
    before = _chat_threads()
    session = ChatSession(client_for(emulator.endpoint), pair.customer.participant_token, config=FAST)
    session.close()  # say a cleanup path that ran first
    with pytest.raises(ChatSessionError, match="closed"):
        session.start(timeout=10)
    session.close()
    assert [t for t in _chat_threads() if t not in before] == []
    assert session.state is State.CLOSED
    participants = emulator.chat_state(pair.contact_id)["Participants"]
    assert [p["Sockets"] for p in participants if p["ParticipantRole"] == "CUSTOMER"] == [0]


def test_an_asyncio_session_closed_before_start_refuses_to_start(
    emulator: Emulator, client_for: Callable[[str], Any]
) -> None:
    async def scenario() -> None:
        pair = emulator.start_chat_with_agent()
        session = AsyncChatSession(
            client_for(emulator.endpoint), pair.customer.participant_token, config=FAST
        )
        await session.close()
        with pytest.raises(ChatSessionError, match="closed"):
            await session.start(timeout=10)
        assert session.state is State.CLOSED
        assert not emulator.requests or all(
            r.get("operation") != "CreateParticipantConnection" for r in emulator.requests
        )

    asyncio.run(scenario())


def test_a_closed_session_sends_nothing_but_can_still_leave(
    emulator: Emulator, client_for: Callable[[str], Any]
) -> None:
    pair = emulator.start_chat_with_agent()
    session = ChatSession(client_for(emulator.endpoint), pair.customer.participant_token, config=FAST)
    session.start(timeout=20)
    session.close()
    for send in (lambda: session.send_message("after close"), session.send_typing, session.transcript):
        with pytest.raises(ChatSessionError, match="closed"):
            send()
    assert "after close" not in [i.get("Content") for i in emulator.transcript(pair.contact_id)]
    session.disconnect()
    roles = {p["ParticipantRole"]: p for p in emulator.chat_state(pair.contact_id)["Participants"]}
    assert roles["CUSTOMER"]["Active"] is False


def test_a_closed_asyncio_session_sends_nothing(emulator: Emulator, client_for: Callable[[str], Any]) -> None:
    async def scenario() -> None:
        pair = emulator.start_chat_with_agent()
        session = AsyncChatSession(
            client_for(emulator.endpoint), pair.customer.participant_token, config=FAST
        )
        await session.start(timeout=20)
        await session.close()
        with pytest.raises(ChatSessionError, match="closed"):
            await session.send_message("after close")
        await session.disconnect()

    asyncio.run(scenario())


# --- close with a REST call in flight -----------------------------------------------------------

_EXIT_AFTER_CLOSE = """
import sys, time
import paws_compat
from paws_compat.chat import ChatConfig, ChatSession
from paws_compat.emulator import Emulator

emulator = Emulator().start_in_thread()
pair = emulator.start_chat_with_agent()
emulator.faults.delay(90, operation="GetTranscript", count=None)  # the history fill hangs
client = paws_compat.connectparticipant(endpoint=emulator.endpoint, region="us-east-1")
session = ChatSession(client, pair.customer.participant_token, config=ChatConfig.fast())
session.start(timeout=20)
deadline = time.monotonic() + 20
while not session.stats["fills"]:
    assert time.monotonic() < deadline, "the fill never started"
    time.sleep(0.05)
time.sleep(0.5)  # let the GetTranscript reach the emulator
session.close()
print("closed", flush=True)
"""


def test_the_process_exits_after_close_while_a_rest_call_is_in_flight() -> None:
    # The emulator answers GetTranscript after 90 s; the process must end long before that. The
    # loop's default executor used to hold interpreter exit until the call came back.
    root = Path(__file__).resolve().parents[2]
    try:
        done = subprocess.run(
            [sys.executable, "-c", _EXIT_AFTER_CLOSE],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=45,
        )
    except subprocess.TimeoutExpired as expired:
        raise AssertionError(f"the process did not exit after close(): {expired.stdout!r}") from None
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "closed"


# --- token refresh with a short-lived token -----------------------------------------------------


def test_a_token_shorter_lived_than_the_refresh_margin_is_not_refreshed_in_a_loop(
    paws_emulator_factory: Callable[..., Emulator], open_session: Callable[..., ChatSession]
) -> None:
    emulator = paws_emulator_factory(connection_token_seconds=2.0)
    pair = emulator.start_chat_with_agent()
    # A 5 s margin on a 2 s token: the refresh was due the moment each token arrived.
    customer = open_session(emulator.endpoint, pair.customer.participant_token, token_refresh_margin=5.0)
    agent = open_session(emulator.endpoint, pair.agent.participant_token)
    first = customer.stats["connection_requests"]
    items = poll_for(customer, 3.0)
    refreshes = customer.stats["connection_requests"] - first
    assert 1 <= refreshes <= 12  # about one a second (half the token's life); it was hundreds
    customer.send_message("my token is still good")  # the token in use was refreshed in time
    agent.send_message("and so is the socket")
    items += collect(customer, lambda more: has_messages("and so is the socket")(items + more))
    assert customer.state is State.CONNECTED


# --- sockets that die right after connecting ----------------------------------------------------


def test_sockets_that_die_right_after_connecting_are_retried_with_backoff(
    emulator: Emulator, open_session: Callable[..., ChatSession]
) -> None:
    pair = emulator.start_chat_with_agent()
    customer = open_session(emulator.endpoint, pair.customer.participant_token)
    agent = open_session(emulator.endpoint, pair.agent.participant_token)
    emulator.faults.ping_500()  # every new socket is acknowledged, then answers its ping with 500
    emulator.drop_sockets(participant_id=pair.customer.participant_id)
    first = customer.stats["connection_requests"]
    poll_for(customer, 3.0)
    cycles = customer.stats["connection_requests"] - first
    # Backoff 0.05, 0.1, 0.2, 0.4, then 0.5 s (jittered) in ChatConfig.fast: about ten; it was hundreds.
    assert 1 <= cycles <= 30
    emulator.faults.clear()
    agent.send_message("healthy again")
    collect(customer, has_messages("healthy again"))
    assert customer.state is State.CONNECTED


# --- a wrong local clock ------------------------------------------------------------------------


class _SkewedTime:
    """The time module, with a wall clock `ahead` seconds off (monotonic time is unaffected)."""

    def __init__(self, ahead: float) -> None:
        self._ahead = ahead

    def time(self) -> float:
        return time.time() + self._ahead

    def __getattr__(self, name: str) -> Any:
        return getattr(time, name)


@pytest.mark.parametrize("ahead", [120.0, 100.0, -600.0])
def test_a_client_clock_far_off_still_connects_and_keeps_its_token_fresh(
    ahead: float,
    paws_emulator_factory: Callable[..., Emulator],
    client_for: Callable[[str], Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from paws_compat.chat import _engine

    emulator = paws_emulator_factory(connection_token_seconds=3.0)
    pair = emulator.start_chat_with_agent()
    agent = ChatSession(client_for(emulator.endpoint), pair.agent.participant_token, config=FAST)
    monkeypatch.setattr(_engine, "time", _SkewedTime(ahead))
    customer = ChatSession(client_for(emulator.endpoint), pair.customer.participant_token, config=FAST)
    try:
        agent.start(timeout=20)
        customer.start(timeout=20)  # every URL looked expired with the clock 120 s fast
        first = customer.stats["connection_requests"]
        poll_for(customer, 4.0)  # the 3 s token must be refreshed in time, and not in a loop
        assert customer.stats["connection_requests"] - first <= 20
        customer.send_message("my clock is wrong")
        agent.send_message("but we still talk")
        collect(customer, has_messages("but we still talk"))
        assert "my clock is wrong" in messages(collect(agent, has_messages("my clock is wrong")))
    finally:
        customer.close()
        agent.close()


# --- rotation while the old socket lags the new one ---------------------------------------------


class _LaggingProxy:
    """A TCP proxy in front of the emulator that delays what the server sends on the first
    websocket by `lag` seconds (an older connection on a congested route); all else passes."""

    def __init__(self, port: int, lag: float) -> None:
        self._port = port
        self._lag = lag
        self._sockets = 0
        self._ready = threading.Event()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="lagging-proxy", daemon=True)
        self.endpoint = ""

    def __enter__(self) -> _LaggingProxy:
        self._thread.start()
        self._server = asyncio.run_coroutine_threadsafe(
            asyncio.start_server(self._handle, "127.0.0.1", 0), self._loop
        ).result(timeout=10)
        self.endpoint = f"http://127.0.0.1:{self._server.sockets[0].getsockname()[1]}"
        return self

    def __exit__(self, *_exc: object) -> None:
        async def shutdown() -> None:
            self._server.close()
            tasks = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

        asyncio.run_coroutine_threadsafe(shutdown(), self._loop).result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()

    async def _handle(self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        server_reader, server_writer = await asyncio.open_connection("127.0.0.1", self._port)
        first = await client_reader.read(65536)
        lag = 0.0
        if first.startswith(b"GET /ws"):
            self._sockets += 1
            lag = self._lag if self._sockets == 1 else 0.0
        server_writer.write(first)
        await asyncio.gather(
            self._pipe(client_reader, server_writer, 0.0),
            self._pipe(server_reader, client_writer, lag),
            return_exceptions=True,
        )

    @staticmethod
    async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, lag: float) -> None:
        chunks: asyncio.Queue[tuple[float, bytes]] = asyncio.Queue()
        loop = asyncio.get_running_loop()

        async def read() -> None:
            while True:
                data = await reader.read(65536)
                await chunks.put((loop.time() + lag, data))
                if not data:
                    return

        async def write() -> None:
            while True:
                due, data = await chunks.get()
                await asyncio.sleep(max(0.0, due - loop.time()))
                if not data:
                    writer.close()
                    return
                writer.write(data)
                await writer.drain()

        await asyncio.gather(read(), write(), return_exceptions=True)


def test_a_rotation_loses_nothing_when_the_old_socket_lags_the_new_one(
    emulator: Emulator, client_for: Callable[[str], Any]
) -> None:
    pair = emulator.start_chat_with_agent()
    agent, token = _connected_agent(emulator, pair, client_for)
    sent: list[str] = []
    stop = threading.Event()

    def send() -> None:
        while not stop.is_set() and len(sent) < 2000:
            text = f"m{len(sent)}"
            agent.send_message(ContentType="text/plain", Content=text, ConnectionToken=token)
            sent.append(text)
            time.sleep(0.02)

    with _LaggingProxy(emulator.port, lag=0.3) as proxy:
        config = ChatConfig.fast(rotate_after=1.5, deliver_history=False)
        customer = ChatSession(client_for(proxy.endpoint), pair.customer.participant_token, config=config)
        sender = threading.Thread(target=send, name="sender", daemon=True)
        try:
            customer.start(timeout=20)
            sender.start()
            # Messages flow across the first rotation (away from the lagging socket) and the next.
            items = collect(customer, lambda _items: customer.stats["rotations"] >= 2, timeout=30)
            stop.set()
            sender.join(timeout=30)
            expected = list(sent)
            items += collect(customer, lambda more: has_messages(*expected)(items + more), timeout=30)
            items += poll_for(customer, 0.5)  # a late copy would be a duplicate
        finally:
            stop.set()
            customer.close()
    assert messages(items) == expected  # every one, once, in order


# --- a malformed item in the transcript ---------------------------------------------------------


def test_a_malformed_item_in_the_transcript_loses_no_message_of_the_gap(
    emulator: Emulator, open_session: Callable[..., ChatSession], caplog: pytest.LogCaptureFixture
) -> None:
    pair = emulator.start_chat_with_agent()
    customer = open_session(emulator.endpoint, pair.customer.participant_token, deliver_history=False)
    emulator.inject_item(pair.contact_id, _text("live"))
    items = collect(customer, has_messages("live"))
    # The socket goes down; while it is away three messages are posted, the middle one malformed:
    # the client refuses the whole GetTranscript page, so the gap fill must read it item by item.
    emulator.faults.refuse_handshake(count=2)
    with caplog.at_level(logging.INFO, logger="paws_compat.chat"):
        emulator.drop_sockets(participant_id=pair.customer.participant_id)
        emulator.inject_item(pair.contact_id, _text("gap-1"), deliver=False)
        bad = emulator.inject_item(pair.contact_id, _text({"card": 1}), deliver=False)
        emulator.inject_item(pair.contact_id, _text("gap-2"), deliver=False)
        items += collect(customer, has_messages("gap-1", "gap-2"))
        items += poll_for(customer, 0.3)  # a second copy would be a duplicate
    assert messages(items) == ["live", "gap-1", "gap-2"]
    assert customer.state is State.CONNECTED
    skipped = [r.getMessage() for r in caplog.records if bad["Id"] in r.getMessage()]
    assert skipped  # logged, with no token in the line
    assert not any(pair.customer.participant_token in line for line in skipped)


# --- deliver_history=False ----------------------------------------------------------------------


def test_history_not_asked_for_is_never_delivered_by_a_rotation_or_reconnect_fill(
    emulator: Emulator, open_session: Callable[..., ChatSession], client_for: Callable[[str], Any]
) -> None:
    pair = emulator.start_chat_with_agent()
    agent, token = _connected_agent(emulator, pair, client_for)
    for n in range(3):
        agent.send_message(ContentType="text/plain", Content=f"old-{n}", ConnectionToken=token)
    customer = open_session(
        emulator.endpoint, pair.customer.participant_token, deliver_history=False, rotate_after=0.8
    )
    agent.send_message(ContentType="text/plain", Content="new-1", ConnectionToken=token)
    items = collect(customer, lambda got: has_messages("new-1")(got) and customer.stats["rotations"] >= 1)
    items += poll_for(customer, 0.3)  # the rotation's fill is done
    emulator.drop_sockets(participant_id=pair.customer.participant_id)
    agent.send_message(ContentType="text/plain", Content="new-2", ConnectionToken=token)
    items += collect(customer, lambda got: has_messages("new-2")(got) and customer.stats["reconnects"] >= 1)
    items += poll_for(customer, 0.5)
    assert messages(items) == ["new-1", "new-2"]
    assert not [item for item in items if item.Type == "EVENT" and "joined" in item.ContentType]


# --- hung REST calls ----------------------------------------------------------------------------


class _HungTranscript:
    """A client whose GetTranscript hangs (a half-dead connection) until `release` is set."""

    def __init__(self, client: Any, release: threading.Event) -> None:
        self._client = client
        self._release = release
        self.calls = 0

    def get_transcript(self, **_kwargs: Any) -> Any:
        self.calls += 1
        self._release.wait(30)
        raise TimeoutError("read timed out")

    def __getattr__(self, name: str) -> Any:
        return getattr(self._client, name)


def test_sessions_with_hung_rest_calls_do_not_starve_a_healthy_session(
    emulator: Emulator, client_for: Callable[[str], Any]
) -> None:
    release = threading.Event()
    config = ChatConfig.fast(request_timeout=0.2, reconnect_max=0.2)
    hung: list[_HungTranscript] = []
    sessions: list[ChatSession] = []
    try:
        for _ in range(6):
            pair = emulator.start_chat_with_agent()
            client = _HungTranscript(client_for(emulator.endpoint), release)
            hung.append(client)
            sessions.append(
                ChatSession(client, pair.customer.participant_token, config=config).start(timeout=20)
            )
        # Each gap fill is abandoned after 0.2 s and retried: its calls stay blocked, 40 and more
        # in all (one pool for the process had 32 threads).
        deadline = time.monotonic() + 10
        while sum(client.calls for client in hung) < 40 and time.monotonic() < deadline:
            time.sleep(0.05)
        pair = emulator.start_chat_with_agent()
        healthy = ChatSession(client_for(emulator.endpoint), pair.customer.participant_token, config=config)
        sessions.append(healthy)
        healthy.start(timeout=10)
        emulator.inject_item(pair.contact_id, _text("still served"))
        assert messages(collect(healthy, has_messages("still served"), timeout=10)) == ["still served"]
    finally:
        release.set()
        for session in sessions:
            session.close()


def test_a_session_executor_runs_calls_side_by_side_and_holds_no_idle_thread() -> None:
    from paws_compat.chat._engine import DaemonExecutor

    executor = DaemonExecutor(max_workers=3, idle_timeout=0.05)
    gate = threading.Barrier(3, timeout=10)  # three calls at once, or the barrier breaks
    futures = [executor.submit(gate.wait) for _ in range(3)]
    assert sorted(f.result(timeout=10) for f in futures) == [0, 1, 2]
    assert executor.submit(lambda: "again").result(timeout=10) == "again"
    deadline = time.monotonic() + 10
    while executor.threads and time.monotonic() < deadline:
        time.sleep(0.01)
    assert executor.threads == 0


# --- sockets cut sooner than a heartbeat interval -------------------------------------------------


def test_sockets_cut_before_a_heartbeat_interval_are_reconnected_at_once(
    paws_emulator_factory: Callable[..., Emulator], client_for: Callable[[str], Any]
) -> None:
    # A proxy ends every socket after 0.6 s, under the 1.5 s heartbeat interval. Each works, so
    # each drop is reconnected at once; when such sockets never counted as stable, the waits grew
    # 1, 2, 4 s and six reconnects took over 10 s.
    emulator = paws_emulator_factory(max_socket_life_seconds=0.6)
    pair = emulator.start_chat_with_agent()
    config = ChatConfig.fast(
        heartbeat_interval=1.5, stable_after=0.2, reconnect_initial=1.0, reconnect_max=4.0
    )
    customer = ChatSession(client_for(emulator.endpoint), pair.customer.participant_token, config=config)
    try:
        customer.start(timeout=20)
        collect(customer, lambda _items: customer.stats["reconnects"] >= 6, timeout=8.0)
        emulator.inject_item(pair.contact_id, _text("still here"))
        assert messages(collect(customer, has_messages("still here"))) == ["still here"]
    finally:
        customer.close()


# --- a rotation that keeps failing --------------------------------------------------------------


def test_a_rotation_that_keeps_failing_is_retried_with_growing_waits(
    emulator: Emulator, client_for: Callable[[str], Any]
) -> None:
    pair = emulator.start_chat_with_agent()
    config = ChatConfig.fast(rotate_after=0.5, reconnect_max=1.0)
    customer = ChatSession(client_for(emulator.endpoint), pair.customer.participant_token, config=config)
    try:
        customer.start(timeout=20)
        emulator.faults.refuse_handshake(count=10**6)  # new sockets are refused; the old one works
        first = customer.stats["rotations"]
        poll_for(customer, 3.0)
        tries = customer.stats["rotations"] - first
        # Waits of 0.1, 0.2, 0.4, 0.8 s, then 0.5-1 s: about six. At a fixed ~0.08 s it was 35.
        assert 2 <= tries <= 15
        assert customer.state is State.CONNECTED
        emulator.inject_item(pair.contact_id, _text("over the old socket"))
        assert messages(collect(customer, has_messages("over the old socket"))) == ["over the old socket"]
    finally:
        customer.close()


# --- the queue an app does not drain ------------------------------------------------------------


def _wait_for(predicate: Callable[[], bool], seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_a_sync_session_nobody_polls_keeps_only_queue_max_entries_and_says_so(
    emulator: Emulator, open_session: Callable[..., ChatSession], caplog: pytest.LogCaptureFixture
) -> None:
    pair = emulator.start_chat_with_agent()
    customer = open_session(
        emulator.endpoint, pair.customer.participant_token, deliver_history=False, queue_max=5
    )
    with caplog.at_level(logging.WARNING, logger="paws_compat.chat"):
        for n in range(12):
            emulator.inject_item(pair.contact_id, _text(f"m{n}"))
        _wait_for(lambda: customer.stats["queue_dropped"] >= 7)
    batches: list[list[Any]] = []
    deadline = time.monotonic() + 20
    while "m11" not in messages([item for batch in batches for item in batch]):
        assert time.monotonic() < deadline, "m11 never came"
        batches.append(customer.poll(timeout=0.5))
    kept = messages([item for batch in batches for item in batch])
    start = int(kept[0][1:])
    assert kept == [f"m{n}" for n in range(start, 12)]  # the newest, in order, none twice
    assert customer.stats["queue_dropped"] + len(kept) >= 12
    assert any("queue_max=5" in record.getMessage() for record in caplog.records)
    everything = [i.Content for i in customer.transcript_all() if i.Type == "MESSAGE"]
    assert [f"m{n}" for n in range(12)] == [c for c in everything if c.startswith("m")]


def test_an_asyncio_session_with_handlers_only_keeps_only_queue_max_items(
    emulator: Emulator, client_for: Callable[[str], Any]
) -> None:
    async def scenario() -> tuple[list[str], list[str], int]:
        pair = emulator.start_chat_with_agent()
        session = AsyncChatSession(
            client_for(emulator.endpoint),
            pair.customer.participant_token,
            config=ChatConfig.fast(deliver_history=False, queue_max=4),
        )
        heard: list[str] = []
        session.on("message", lambda item: heard.append(item.Content))
        async with session:
            for n in range(10):
                emulator.inject_item(pair.contact_id, _text(f"m{n}"))

            async def all_heard() -> None:
                while "m9" not in heard:
                    await asyncio.sleep(0.05)

            await asyncio.wait_for(all_heard(), 20)
            queued = [item.Content for item in await session.poll()]
            return heard, queued, session.stats["queue_dropped"]

    heard, queued, dropped = asyncio.run(scenario())
    assert [c for c in heard if c.startswith("m")] == [f"m{n}" for n in range(10)]  # handlers hear all
    assert len(queued) == 4 and queued[-1] == "m9"
    assert dropped >= 6

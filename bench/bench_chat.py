"""Chat sessions under load: a soak that must lose nothing, and one process holding many sessions.

    python bench/bench_chat.py soak   [--messages 5000] [--rate 40] [--drop-every 20] [--url-life 10]
    python bench/bench_chat.py scale  [--sessions 1000] [--hold 60]

Both run the emulator in another process (`paws-compat emulator`), pinned to another core where
the machine has two, and drive it through its control interface (/_emulator), as an outside
program would.

soak: one ChatSession (the sync front-end R uses) receives MESSAGES sent by an agent at RATE per
second while the emulator drops its socket every DROP_EVERY seconds and hands out URLs that expire
after URL_LIFE seconds. Every message must arrive exactly once: the run fails otherwise.

scale: one asyncio process opens SESSIONS AsyncChatSessions (one chat each), holds them for HOLD
seconds with default intervals (heartbeat every 10 s) while items are injected into random chats,
and reports memory per session, delivery latency (the item's AbsoluteTime to its delivery) and how
late heartbeats went out.
"""

from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import contextlib
import gc
import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import urllib3

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from paws_compat._timestamps import parse_instant  # noqa: E402
from paws_compat.chat import AsyncChatSession, ChatConfig, ChatSession  # noqa: E402

# --- the emulator in another process ------------------------------------------------------------------


# Sockets the control interface may hold (its pool) and threads calling it; and the REST
# connections the scale run's sessions share (as many as the executor's threads).
CONTROL_CONNECTIONS = 16
SESSION_REST_CONNECTIONS = 32
# With gc.freeze(), the scale run freezes after each this many sessions are up: the heap grows by
# 300 MiB while 10,000 connect, and each full collection meanwhile walks all of it (seconds).
FREEZE_BATCH = 1000


@contextlib.contextmanager
def emulator_process(**settings: float) -> Iterator[str]:
    """Run `paws-compat emulator` on a free port; yields its endpoint. Pinned to the last core."""
    command = [sys.executable, "-m", "paws_compat", "emulator", "--port", "0", "--quiet"]
    for name, value in settings.items():
        command += [f"--{name.replace('_', '-')}", str(value)]
    own_cores = os.sched_getaffinity(0)
    # stderr goes to a file: a pipe nobody reads could fill up and stall the emulator.
    with tempfile.TemporaryFile("w+") as errors:
        process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        try:
            assert process.stdout is not None
            endpoint = None
            deadline = time.monotonic() + 30
            while endpoint is None and time.monotonic() < deadline:
                line = process.stdout.readline()
                if not line:
                    break
                found = re.search(r"listening on (http://\S+)", line)
                endpoint = found.group(1) if found else None
            if endpoint is None:
                errors.seek(0)
                raise RuntimeError("the emulator did not start: " + errors.read()[-2000:])
            cores = sorted(own_cores)
            if len(cores) >= 2:
                os.sched_setaffinity(process.pid, {cores[-1]})
                os.sched_setaffinity(0, set(cores[:-1]))
            yield endpoint
        finally:
            os.sched_setaffinity(0, own_cores)
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


class Control:
    """The emulator's control interface (/_emulator): chats, participants, items, drops.

    At most `connections` sockets to the emulator, ever (block=True: a call waits for a free one
    rather than opening another), so the emulator's per-client connection cap can be sized for
    them."""

    def __init__(self, endpoint: str, connections: int = CONTROL_CONNECTIONS) -> None:
        self.base = endpoint + "/_emulator"
        self.http = urllib3.PoolManager(
            maxsize=connections, block=True, timeout=urllib3.Timeout(connect=5, read=30)
        )

    def post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        response = self.http.request(
            "POST",
            self.base + path,
            body=json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
        )
        if response.status != 200:
            raise RuntimeError(f"control {path}: HTTP {response.status} {response.data[:200]!r}")
        answer: dict[str, Any] = json.loads(response.data)
        return answer

    def start_chat(self) -> tuple[str, str, str]:
        """A chat: (ContactId, customer ParticipantId, customer ParticipantToken)."""
        answer = self.post("/chats", {"DisplayName": "Customer"})
        return answer["ContactId"], answer["ParticipantId"], answer["ParticipantToken"]

    def add_agent(self, contact_id: str) -> str:
        return str(
            self.post(f"/chats/{contact_id}/participants", {"DisplayName": "Agent"})["ParticipantToken"]
        )

    def drop(self, participant_id: str) -> int:
        return int(self.post("/sockets/drop", {"ParticipantId": participant_id})["Dropped"])

    def inject(self, contact_id: str, content: str) -> dict[str, Any]:
        item = {
            "Type": "MESSAGE",
            "ContentType": "text/plain",
            "Content": content,
            "ParticipantRole": "AGENT",
            "DisplayName": "Agent",
        }
        answer: dict[str, Any] = self.post(f"/chats/{contact_id}/items", {"Item": item})["Item"]
        return answer


def client(endpoint: str, pool: int = 10) -> Any:
    """One client shared by every session of the run; `pool` connections are kept for reuse."""
    import paws_compat

    return paws_compat.connectparticipant(
        endpoint=endpoint, region="us-east-1", config={"max_pool_connections": pool}
    )


def rss_mib() -> float:
    with open("/proc/self/status", encoding="ascii") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def ms(values: list[float], *fractions: float) -> str:
    """Percentiles of seconds, in milliseconds: "p50 / p99 / ..."."""
    return " / ".join(f"{percentile(values, f) * 1000:.1f}" for f in fractions) + " ms"


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


# --- soak ---------------------------------------------------------------------------------------------


@attrs.define
class SoakResult:
    sent: int = 0
    delivered: int = 0
    lost: int = 0
    duplicated: int = 0
    out_of_order: int = 0
    drops: int = 0
    reconnects: int = 0
    fills: int = 0
    fill_pages: int = 0
    connection_requests: int = 0
    send_retries: int = 0  # SendMessage calls that failed and were made again
    seconds: float = 0.0
    latencies: list[float] = attrs.field(factory=list)

    @property
    def ok(self) -> bool:
        return self.lost == 0 and self.duplicated == 0 and self.delivered == self.sent

    def table(self) -> str:
        rows = [
            ("messages sent", f"{self.sent}"),
            ("delivered exactly once", f"{self.delivered}"),
            ("lost", f"{self.lost}"),
            ("duplicated", f"{self.duplicated}"),
            ("delivered out of AbsoluteTime order", f"{self.out_of_order}"),
            ("socket drops forced", f"{self.drops}"),
            ("reconnects", f"{self.reconnects}"),
            ("gap fills (GetTranscript pages)", f"{self.fills} ({self.fill_pages})"),
            ("CreateParticipantConnection calls", f"{self.connection_requests}"),
            ("agent SendMessage calls retried", f"{self.send_retries}"),
            ("wall time", f"{self.seconds:.1f} s"),
            (
                "delivery latency p50 / p99 / max",
                ms(self.latencies, 0.5, 0.99, 1.0),
            ),
        ]
        width = max(len(name) for name, _ in rows)
        return "\n".join(f"| {name.ljust(width)} | {value} |" for name, value in rows)


def soak(
    messages: int = 5000,
    rate: float = 40.0,
    drop_every: float = 20.0,
    url_life: float = 10.0,
    senders: int = 2,
) -> SoakResult:
    """Send `messages` at `rate`/s to one session whose socket drops every `drop_every` s."""
    result = SoakResult()
    with emulator_process(connection_expiry_seconds=url_life) as endpoint:
        control = Control(endpoint)
        contact_id, customer_id, customer_token = control.start_chat()
        agent_token = control.add_agent(contact_id)
        svc = client(endpoint)
        agent_credentials = svc.create_participant_connection(
            Type=["CONNECTION_CREDENTIALS"], ParticipantToken=agent_token, ConnectParticipant=True
        )
        agent_connection = agent_credentials["ConnectionCredentials"]["ConnectionToken"]
        session = ChatSession(svc, customer_token, config=ChatConfig(deliver_history=False)).start(timeout=30)
        sent_at: dict[str, float] = {}
        sent_lock = threading.Lock()
        stop = threading.Event()
        started = time.monotonic()

        def send(worker: int) -> None:
            interval = senders / rate
            next_at = time.monotonic()
            for n in range(worker, messages, senders):
                if stop.is_set():
                    return
                delay = next_at - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
                next_at += interval
                when = time.time()
                for attempt in range(5):
                    try:
                        answer = svc.send_message(
                            ContentType="text/plain", Content=f"soak {n}", ConnectionToken=agent_connection
                        )
                        break
                    except Exception:
                        if attempt == 4:
                            raise
                        with sent_lock:
                            result.send_retries += 1
                        time.sleep(0.2)
                with sent_lock:
                    sent_at[answer["Id"]] = when

        def dropper() -> None:
            while not stop.wait(drop_every):
                result.drops += 1 if control.drop(customer_id) else 0

        threads = [threading.Thread(target=send, args=(w,), daemon=True) for w in range(senders)]
        threads.append(threading.Thread(target=dropper, daemon=True))
        for thread in threads:
            thread.start()
        seen: Counter[str] = Counter()
        received_at: dict[str, float] = {}
        last_time = 0.0
        try:
            deadline = started + messages / rate + 120.0
            while time.monotonic() < deadline:
                for item in session.poll(timeout=0.5):
                    if item.Type != "MESSAGE" or not str(item.Content).startswith("soak "):
                        continue
                    seen[item.Id] += 1
                    received_at.setdefault(item.Id, time.time())
                    moment = parse_instant(item.AbsoluteTime) or 0.0
                    if moment < last_time:
                        result.out_of_order += 1
                    last_time = max(last_time, moment)
                senders_done = not any(t.is_alive() for t in threads[:-1])
                if senders_done and len(seen) >= len(sent_at):
                    break
            for item in session.poll(timeout=3.0):  # anything arriving twice arrives now
                if item.Type == "MESSAGE" and str(item.Content).startswith("soak "):
                    seen[item.Id] += 1
        finally:
            stop.set()
            for thread in threads:
                thread.join(timeout=30)
            stats = session.stats
            session.close()
        result.seconds = time.monotonic() - started
        result.sent = len(sent_at)
        result.delivered = sum(1 for item_id, count in seen.items() if count == 1 and item_id in sent_at)
        result.lost = sum(1 for item_id in sent_at if item_id not in seen)
        result.duplicated = sum(count - 1 for count in seen.values() if count > 1)
        result.latencies = [received_at[i] - sent_at[i] for i in sent_at if i in received_at]
        result.reconnects = stats.get("reconnects", 0)
        result.fills = stats.get("fills", 0)
        result.fill_pages = stats.get("fill_pages", 0)
        result.connection_requests = stats.get("connection_requests", 0)
    return result


# --- scale --------------------------------------------------------------------------------------------


@attrs.define
class ScaleResult:
    sessions: int = 0
    connected: int = 0
    rss_before: float = 0.0
    rss_after: float = 0.0
    injected: int = 0  # items the injector tried to add
    inject_failed: int = 0  # of those, the control calls that failed (refused, timed out)
    inject_errors: Counter[str] = attrs.field(factory=Counter)  # their errors, by text
    loop_errors: int = 0  # exceptions the loop had nobody to hand to (a future never retrieved)
    delivered: int = 0
    duplicated: int = 0
    connection_lost: int = 0
    heartbeats: int = 0
    heartbeat_late: list[float] = attrs.field(factory=list)  # while held
    heartbeat_late_connecting: list[float] = attrs.field(factory=list)  # before: the connect burst
    loop_lag: list[float] = attrs.field(factory=list)
    latencies: list[float] = attrs.field(factory=list)
    connect_seconds: float = 0.0
    hold_seconds: float = 0.0
    gc_freeze: bool = True
    gc_pauses: list[float] = attrs.field(factory=list)  # full (generation 2) collections, seconds
    gc_pauses_connecting: list[float] = attrs.field(factory=list)  # the same, while connecting
    connect_concurrency: int = 50

    def table(self) -> str:
        per_session = (self.rss_after - self.rss_before) * 1024 / max(self.connected, 1)
        rows = [
            ("sessions connected / asked", f"{self.connected} / {self.sessions}"),
            (
                "time to connect them all (starts in flight at most)",
                f"{self.connect_seconds:.1f} s ({self.connect_concurrency})",
            ),
            ("held for", f"{self.hold_seconds:.0f} s"),
            ("RSS before / with sessions", f"{self.rss_before:.1f} / {self.rss_after:.1f} MiB"),
            ("memory per session", f"{per_session:.1f} KiB"),
            (
                "items injected / failed to inject / delivered / duplicated",
                f"{self.injected} / {self.inject_failed} / {self.delivered} / {self.duplicated}",
            ),
            *((f"  failed ({count})", text[:100]) for text, count in self.inject_errors.most_common(3)),
            ("exceptions nobody retrieved (loop handler)", f"{self.loop_errors}"),
            (
                "delivery latency p50 / p99",
                ms(self.latencies, 0.5, 0.99),
            ),
            ("heartbeats sent", f"{self.heartbeats}"),
            (
                "heartbeat lateness while connecting the others, max",
                f"{max(self.heartbeat_late_connecting, default=float('nan')) * 1000:.1f} ms",
            ),
            (
                "heartbeat lateness while held, per-session max: p50 / p99 / max",
                f"{percentile(self.heartbeat_late, 0.5) * 1000:.1f} / "
                f"{percentile(self.heartbeat_late, 0.99) * 1000:.1f} / "
                f"{max(self.heartbeat_late, default=float('nan')) * 1000:.1f} ms",
            ),
            (
                "event loop lag p50 / p99",
                f"{percentile(self.loop_lag, 0.5) * 1000:.1f} / "
                f"{percentile(self.loop_lag, 0.99) * 1000:.1f} ms",
            ),
            ("connections lost (dead-socket alarms)", f"{self.connection_lost}"),
            (
                "full GC pauses while connecting: count, max",
                _pauses(self.gc_pauses_connecting),
            ),
            (
                "full GC pauses while held: count, max"
                + (" (gc.freeze() after connecting)" if self.gc_freeze else ""),
                _pauses(self.gc_pauses),
            ),
        ]
        width = max(len(name) for name, _ in rows)
        return "\n".join(f"| {name.ljust(width)} | {value} |" for name, value in rows)

    @property
    def ok(self) -> bool:
        """Every session held and every item injected, each delivered once, nothing left unseen."""
        return (
            self.connected == self.sessions
            and self.injected > 0
            and self.inject_failed == 0
            and self.delivered == self.injected
            and self.duplicated == 0
            and self.connection_lost == 0
            and self.loop_errors == 0
        )


def _pauses(seconds: list[float]) -> str:
    return f"{len(seconds)}, {max(seconds, default=0.0) * 1000:.0f} ms"


def scale(
    sessions: int = 1000,
    hold: float = 60.0,
    inject_rate: float = 100.0,
    reorder_window: float | None = None,
    gc_freeze: bool = True,
    connect_concurrency: int = 50,
) -> ScaleResult:
    """`gc_freeze`: once the sessions are up, gc.freeze() moves what they hold out of the
    collector's reach (a full collection otherwise walks every session's objects, a pause that
    grows with their number); docs/chat_fleet.md says when a program should. At most
    `connect_concurrency` sessions start at a time, a bounded burst of REST calls."""
    result = ScaleResult(sessions=sessions, gc_freeze=gc_freeze, connect_concurrency=connect_concurrency)
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, sessions * 4 + 1024)), hard))
    # Every session is a websocket from this one address: the emulator's default caps (1,024
    # connections per client, 2,048 in all, 10,000 active chats) are for hostile load, not this.
    # This run's connections: a websocket per session (two for a moment while one rotates), the
    # sessions' shared REST pool and the control pool; the rest is room for sockets still closing.
    room = sessions + 1 + SESSION_REST_CONNECTIONS + CONTROL_CONNECTIONS + 1024
    limits = {
        "max_active_chats_per_instance": sessions + 100,
        "max_connections": room,
        "max_connections_per_client": room,
    }
    with emulator_process(**limits) as endpoint:
        control = Control(endpoint)
        with concurrent.futures.ThreadPoolExecutor(CONTROL_CONNECTIONS) as pool:
            chats = list(pool.map(lambda _n: control.start_chat(), range(sessions)))
        asyncio.run(_scale(endpoint, control, chats, hold, inject_rate, reorder_window, result))
    return result


async def _scale(
    endpoint: str,
    control: Control,
    chats: list[tuple[str, str, str]],
    hold: float,
    inject_rate: float,
    reorder_window: float | None,
    result: ScaleResult,
) -> None:
    loop = asyncio.get_running_loop()

    def unretrieved(_loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        result.loop_errors += 1
        loop.default_exception_handler(context)

    loop.set_exception_handler(unretrieved)
    # One executor shared by every session (each would otherwise run up to 8 REST threads of its
    # own while it connects): what a process holding thousands of sessions should do.
    executor = concurrent.futures.ThreadPoolExecutor(SESSION_REST_CONNECTIONS)
    loop.set_default_executor(executor)
    svc = client(endpoint, pool=SESSION_REST_CONNECTIONS)  # a connection per executor thread
    config = ChatConfig(deliver_history=False)
    if reorder_window is not None:
        config = attrs.evolve(config, reorder_window=reorder_window)
    # Warm up everything a session needs before measuring the baseline.
    warm = AsyncChatSession(svc, control.start_chat()[2], config=config, executor=executor)
    await warm.start()
    await warm.close()
    result.rss_before = rss_mib()
    injected_at: dict[str, float] = {}
    delivered: Counter[str] = Counter()
    lost = 0

    def on_item(item: Any) -> None:
        if item.Type == "MESSAGE":
            delivered[item.Id] += 1
            moment = parse_instant(item.AbsoluteTime)
            if moment is not None and delivered[item.Id] == 1:
                result.latencies.append(max(0.0, time.time() - moment))

    def on_lost(_event: Any) -> None:
        nonlocal lost
        lost += 1

    sessions: list[AsyncChatSession] = []
    gate = asyncio.Semaphore(result.connect_concurrency)
    pauses = result.gc_pauses_connecting
    full_since: list[float] = []

    def on_gc(phase: str, info: dict[str, Any]) -> None:
        if info.get("generation") != 2:
            return
        if phase == "start":
            full_since.append(time.perf_counter())
        elif full_since:
            pauses.append(time.perf_counter() - full_since.pop())

    gc.callbacks.append(on_gc)
    started = time.monotonic()

    async def open_one(token: str) -> None:
        session = AsyncChatSession(svc, token, config=config, executor=executor)
        session.on("message", on_item)
        session.on("connection_lost", on_lost)
        async with gate:
            try:
                await session.start(timeout=120)
            except Exception as error:
                print(f"session failed to start: {error}", file=sys.stderr)
                return
        sessions.append(session)
        if result.gc_freeze and len(sessions) % FREEZE_BATCH == 0:
            gc.freeze()  # this batch is up: no later full collection walks it again

    await asyncio.gather(*(open_one(token) for _cid, _pid, token in chats))
    result.connect_seconds = time.monotonic() - started
    result.connected = len(sessions)
    result.rss_after = rss_mib()
    if result.gc_freeze:
        # No gc.collect() first: it would walk every session's objects (a second and more with
        # 10,000, the loop stalled and every heartbeat due then late); the little garbage frozen
        # with them is what a long-lived worker can afford.
        gc.freeze()
    pauses = result.gc_pauses  # on_gc counts into this list from now on

    stop = asyncio.Event()

    async def lag_monitor() -> None:
        while not stop.is_set():
            before = loop.time()
            await asyncio.sleep(0.1)
            result.loop_lag.append(max(0.0, loop.time() - before - 0.1))

    # The injector's calls have threads of their own, as many as the control pool's sockets, so
    # they neither wait behind the sessions' REST calls nor open sockets past the pool.
    injecting = concurrent.futures.ThreadPoolExecutor(CONTROL_CONNECTIONS)
    in_flight: set[asyncio.Future[None]] = set()

    def inject(contact_id: str, n: int) -> None:
        answer = control.inject(contact_id, f"load {n}")
        injected_at[answer["Id"]] = time.time()

    def settled(future: asyncio.Future[None]) -> None:
        in_flight.discard(future)
        # The outcome is retrieved here, so no failure goes unseen (nor unretrieved).
        error = asyncio.CancelledError() if future.cancelled() else future.exception()
        if error is not None:
            result.inject_failed += 1
            result.inject_errors[f"{type(error).__name__}: {error}"[:160]] += 1

    async def injector() -> None:
        n = 0
        interval = 1.0 / inject_rate
        next_at = loop.time()
        while not stop.is_set():
            if len(in_flight) >= 4 * CONTROL_CONNECTIONS:  # the emulator is behind: wait for it
                await asyncio.wait(set(in_flight), return_when=asyncio.FIRST_COMPLETED)
                continue
            contact_id = random.choice(chats)[0]
            future = loop.run_in_executor(injecting, inject, contact_id, n)
            in_flight.add(future)
            future.add_done_callback(settled)
            result.injected += 1
            n += 1
            next_at += interval
            await asyncio.sleep(max(0.0, next_at - loop.time()))

    for session in sessions:  # lateness while held, apart from the connect burst's
        engine = session._engine
        if engine is not None:
            result.heartbeat_late_connecting.append(engine.proto.heartbeat_late_max)
            engine.proto.heartbeat_late_max = 0.0
    monitor = asyncio.ensure_future(lag_monitor())
    feeder = asyncio.ensure_future(injector())
    hold_start = time.monotonic()
    await asyncio.sleep(hold)
    stop.set()
    await asyncio.gather(monitor, feeder)
    if in_flight:  # every call answers or fails within the control pool's timeouts
        await asyncio.wait(set(in_flight), timeout=60)
    injecting.shutdown(wait=False)
    await asyncio.sleep(2.0)  # the last injections land
    result.hold_seconds = time.monotonic() - hold_start
    result.inject_failed += len(in_flight)  # none should be left; if one is, it counts as failed
    result.delivered = sum(1 for item_id in injected_at if delivered.get(item_id))
    result.duplicated = sum(count - 1 for count in delivered.values() if count > 1)
    result.connection_lost = lost
    for session in sessions:
        engine = session._engine
        if engine is not None:
            result.heartbeats += engine.proto.stats["heartbeats"]
            result.heartbeat_late.append(engine.proto.heartbeat_late_max)
    gc.callbacks.remove(on_gc)
    await asyncio.gather(*(session.close() for session in sessions))
    executor.shutdown(wait=False)
    if result.gc_freeze:
        gc.unfreeze()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True)
    soak_parser = commands.add_parser("soak")
    soak_parser.add_argument("--messages", type=int, default=5000)
    soak_parser.add_argument("--rate", type=float, default=40.0, help="messages per second (default 40)")
    soak_parser.add_argument("--drop-every", type=float, default=20.0)
    soak_parser.add_argument("--url-life", type=float, default=10.0)
    scale_parser = commands.add_parser("scale")
    scale_parser.add_argument("--sessions", type=int, default=1000)
    scale_parser.add_argument("--hold", type=float, default=60.0)
    scale_parser.add_argument("--inject-rate", type=float, default=100.0, help="items per second, all chats")
    scale_parser.add_argument("--reorder-window", type=float, default=None)
    scale_parser.add_argument(
        "--no-gc-freeze", action="store_true", help="leave every session to the collector"
    )
    scale_parser.add_argument(
        "--connect-concurrency", type=int, default=50, help="session starts in flight at most (default 50)"
    )
    args = parser.parse_args(argv)
    if args.command == "soak":
        soaked = soak(args.messages, args.rate, args.drop_every, args.url_life)
        print(soaked.table())
        return 0 if soaked.ok else 1
    scaled = scale(
        args.sessions,
        args.hold,
        args.inject_rate,
        args.reorder_window,
        not args.no_gc_freeze,
        args.connect_concurrency,
    )
    print(scaled.table())
    return 0 if scaled.ok else 1


if __name__ == "__main__":
    sys.exit(main())

"""The emulator under load: REST calls per second on loopback and open websockets held.

    .venv/bin/python bench/bench_emulator.py [--seconds 2] [--rounds 5] [--connections 16] [--sockets 1000]

Servers run in their own processes, pinned to core 1 where the machine allows; the load generator
(a lean asyncio HTTP/1.1 keep-alive client, one request in flight per connection) runs on core 0.
REST rounds interleave three servers answering the same requests: the emulator, a bare aiohttp
app that answers a fixed body (the framework's ceiling: what aiohttp costs before any emulator
work), and bench/server.py (the load generator's own ceiling). Figures are medians with min-max.

Websockets: chats are started through the control interface, 5 websocket URLs per customer are
fetched with CreateParticipantConnection, every socket is opened and subscribed, then every socket
sends a heartbeat and one message per chat fans out to its 5 sockets; the emulator's RSS is read
before and after.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import resource
import socket as tcp
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SUBSCRIBE = json.dumps({"topic": "aws/subscribe", "content": {"topics": ["aws/chat"]}})

BARE_AIOHTTP = r"""
import json, os, sys
from aiohttp import web
body = json.dumps({"Id": "5f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0",
                   "AbsoluteTime": "2026-11-24T18:48:28.655Z"}).encode()
async def answer(request):
    await request.read()
    return web.Response(body=body, content_type="application/json", headers={"x-amzn-RequestId": "bench"})
app = web.Application()
app.router.add_route("*", "/{tail:.*}", answer)
runner = web.AppRunner(app, access_log=None)
import asyncio
async def main():
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    print(runner.addresses[0][1], flush=True)
    await asyncio.Event().wait()
asyncio.run(main())
"""


def _pin(cpu: int) -> Callable[[], None]:
    def pin() -> None:
        with contextlib.suppress(AttributeError, OSError):
            if os.cpu_count() and os.cpu_count() > cpu:  # type: ignore[operator]
                os.sched_setaffinity(0, {cpu})

    return pin


EMULATOR_ROOT = ROOT  # --emulator-root: measure another checkout (the "before" of a change)


def _raise_file_limit() -> None:
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def _server_setup() -> None:
    _pin(1)()
    _raise_file_limit()


def start(argv: list[str], stderr: Any = None) -> tuple[subprocess.Popen[str], int]:
    """Start a server process on core 1; its first line of output holds the port."""
    env = {**os.environ, "PYTHONPATH": str(EMULATOR_ROOT)}
    proc = subprocess.Popen(
        argv,
        stdout=subprocess.PIPE,
        stdin=subprocess.PIPE,
        stderr=stderr,
        text=True,
        cwd=EMULATOR_ROOT,
        env=env,
        preexec_fn=_server_setup,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline().strip()
    port = line.rsplit(":", 1)[-1] if "listening" in line else line
    if not port.isdigit():
        proc.kill()
        raise SystemExit(f"server did not start: {line!r}")
    return proc, int(port)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used (/proc/PID/stat), in seconds."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_kib(pid: int) -> int:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


# -- a lean HTTP/1.1 load generator ----------------------------------------------------------------


def request_bytes(port: int, method: str, path: str, body: dict[str, Any], headers: dict[str, str]) -> bytes:
    payload = json.dumps(body).encode()
    head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
    head += "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    head += f"Content-Length: {len(payload)}\r\n\r\n"
    return head.encode() + payload


async def hammer(port: int, requests: list[bytes], connections: int, seconds: float) -> tuple[int, int]:
    """Send the requests round-robin over `connections` keep-alive connections for `seconds`:
    (answers, non-2xx answers)."""
    stop_at = time.perf_counter() + seconds
    counts = [0, 0]

    async def worker(offset: int) -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        index = offset
        try:
            while time.perf_counter() < stop_at:
                writer.write(requests[index % len(requests)])
                index += 1
                head = await reader.readuntil(b"\r\n\r\n")
                status = int(head[9:12])
                at = head.lower().find(b"content-length:")
                length = int(head[at + 15 : head.find(b"\r\n", at)]) if at >= 0 else 0
                await reader.readexactly(length)
                counts[0] += 1
                if status >= 300:
                    counts[1] += 1
        finally:
            writer.close()

    await asyncio.gather(*(worker(n) for n in range(connections)))
    return counts[0], counts[1]


def control(port: int, path: str, body: dict[str, Any]) -> Any:
    import urllib3

    answer = urllib3.request(
        "POST", f"http://127.0.0.1:{port}/_emulator{path}", body=json.dumps(body).encode(), timeout=30
    )
    return json.loads(answer.data)


def participant_call(port: int, path: str, token: str, body: dict[str, Any]) -> Any:
    import urllib3

    answer = urllib3.request(
        "POST",
        f"http://127.0.0.1:{port}{path}",
        body=json.dumps(body).encode(),
        headers={"X-Amz-Bearer": token, "Content-Type": "application/json"},
        timeout=30,
    )
    assert answer.status == 200, answer.data
    return json.loads(answer.data)


def connection_tokens(port: int, chats: int) -> list[str]:
    tokens = []
    for _ in range(chats):
        chat = control(port, "/chats", {"DisplayName": "Bench"})
        answer = participant_call(
            port, "/participant/connection", chat["ParticipantToken"], {"Type": ["CONNECTION_CREDENTIALS"]}
        )
        tokens.append(answer["ConnectionCredentials"]["ConnectionToken"])
    return tokens


def rest_bench(args: argparse.Namespace) -> list[str]:
    emulator, emulator_port = start(
        [sys.executable, "-m", "paws_compat.cli.emulator", "--port", "0", "--quiet"]
    )
    bare, bare_port = start([sys.executable, "-c", BARE_AIOHTTP])
    floor, floor_port = start([sys.executable, str(HERE / "server.py")])
    try:
        tokens = connection_tokens(emulator_port, args.connections)
        workloads = {
            "SendMessage": [
                request_bytes(
                    emulator_port,
                    "POST",
                    "/participant/message",
                    {"ContentType": "text/plain", "Content": "How can I help you today?"},
                    {"X-Amz-Bearer": t},
                )
                for t in tokens
            ],
            "GetTranscript (15 items)": [
                request_bytes(
                    emulator_port, "POST", "/participant/transcript", {"MaxResults": 15}, {"X-Amz-Bearer": t}
                )
                for t in tokens
            ],
        }
        peers = {
            "bare aiohttp (fixed body)": (bare_port, workloads["SendMessage"]),
            "bench/server.py (raw asyncio)": (floor_port, workloads["SendMessage"]),
        }
        rates: dict[str, list[float]] = {}
        # CPU per call of the answering process: on a shared machine calls/s swing with the other
        # load (0.3x to 0.8x of the same peer in one hour); CPU time per call hardly does.
        cpu: dict[str, list[float]] = {}
        errors: dict[str, int] = {}
        pids = {emulator_port: emulator.pid, bare_port: bare.pid, floor_port: floor.pid}

        def measured(name: str, port: int, requests: list[bytes]) -> int:
            before = cpu_seconds(pids[port])
            done, failed = asyncio.run(hammer(port, requests, args.connections, args.seconds))
            used = cpu_seconds(pids[port]) - before
            rates.setdefault(name, []).append(done / args.seconds)
            cpu.setdefault(name, []).append(used / max(done, 1) * 1e6)
            return failed

        for _ in range(args.rounds):
            for name, requests in workloads.items():
                errors[name] = errors.get(name, 0) + measured(f"emulator {name}", emulator_port, requests)
            for name, (port, requests) in peers.items():
                measured(name, port, requests)
        emulator_rss = rss_kib(emulator.pid)
    finally:
        for proc in (emulator, bare, floor):
            proc.kill()
            proc.wait(timeout=10)
    ceiling = statistics.median(rates["bare aiohttp (fixed body)"])
    cpu_floor = statistics.median(cpu["bare aiohttp (fixed body)"])
    lines = [
        f"REST, {args.connections} keep-alive connections, {args.rounds} rounds x {args.seconds:g} s, "
        "servers on core 1, load on core 0",
        "",
        "| server and call | calls/s median (min-max) | vs bare aiohttp | server CPU per call | "
        "bare aiohttp's CPU / this |",
        "|---|---|---|---|---|",
    ]
    for name, values in rates.items():
        median = statistics.median(values)
        per_call = statistics.median(cpu[name])
        lines.append(
            f"| {name} | {median:,.0f} ({min(values):,.0f}-{max(values):,.0f}) | {median / ceiling:.2f} | "
            f"{per_call:.0f} us | {cpu_floor / per_call:.2f} |"
        )
    lines.append("")
    lines.append(
        f"errors answered by the emulator: {sum(errors.values())}; emulator RSS after the run: "
        f"{emulator_rss / 1024:.1f} MiB"
    )
    return lines


# -- websockets --------------------------------------------------------------------------------------


async def socket_bench(port: int, pid: int, count: int, hold: float) -> list[str]:
    from websockets.asyncio.client import connect

    chats = (count + 4) // 5
    loop = asyncio.get_running_loop()

    def prepare() -> tuple[list[str], list[str]]:
        urls: list[str] = []
        tokens: list[str] = []
        for _ in range(chats):
            chat = control(port, "/chats", {"DisplayName": "Bench"})
            tokens.append(
                participant_call(
                    port,
                    "/participant/connection",
                    chat["ParticipantToken"],
                    {"Type": ["CONNECTION_CREDENTIALS"]},
                )["ConnectionCredentials"]["ConnectionToken"]
            )
            for _ in range(5):
                if len(urls) < count:
                    urls.append(
                        participant_call(
                            port, "/participant/connection", chat["ParticipantToken"], {"Type": ["WEBSOCKET"]}
                        )["Websocket"]["Url"]
                    )
        return urls, tokens

    urls, tokens = await loop.run_in_executor(None, prepare)
    before = rss_kib(pid)
    gate = asyncio.Semaphore(64)

    async def open_one(url: str) -> Any:
        async with gate:
            socket = await connect(url, open_timeout=30, ping_interval=None, compression=None, max_queue=64)
            await socket.send(SUBSCRIBE)
            ack = json.loads(await asyncio.wait_for(socket.recv(), 30))
            assert ack["content"]["status"] == "success"
            return socket

    started = time.perf_counter()
    sockets = await asyncio.gather(*(open_one(url) for url in urls))
    opened_in = time.perf_counter() - started
    after = rss_kib(pid)

    async def heartbeat(socket: Any) -> float:
        sent = time.perf_counter()
        await socket.send('{"topic":"aws/heartbeat"}')
        answer = json.loads(await asyncio.wait_for(socket.recv(), 30))
        assert answer == {"topic": "aws/heartbeat"}
        return time.perf_counter() - sent

    beats = sorted(await asyncio.gather(*(heartbeat(s) for s in sockets)))
    await asyncio.sleep(hold)
    alive = sum(1 for s in sockets if s.state.name == "OPEN")

    async def fan_out(index: int, token: str) -> list[float]:
        targets = sockets[index * 5 : index * 5 + 5]
        sent = time.perf_counter()
        await loop.run_in_executor(
            None,
            participant_call,
            port,
            "/participant/message",
            token,
            {"ContentType": "text/plain", "Content": "fan-out"},
        )

        async def wait(socket: Any) -> float:
            frame = json.loads(await asyncio.wait_for(socket.recv(), 30))
            assert frame["topic"] == "aws/chat"
            return time.perf_counter() - sent

        return list(await asyncio.gather(*(wait(s) for s in targets)))

    sample = tokens[: min(50, len(tokens))]
    delivered: list[float] = []
    for index, token in enumerate(sample):
        delivered += await fan_out(index, token)
    delivered.sort()
    again = await asyncio.gather(*(heartbeat(s) for s in sockets))
    for socket in sockets:
        await socket.close()

    def pct(values: list[float], q: float) -> float:
        return values[min(len(values) - 1, int(q * len(values)))] * 1000

    return [
        f"websockets: {len(sockets)} opened and subscribed in {opened_in:.2f} s "
        f"({chats} chats, 5 sockets each)",
        f"- all {alive} still open after holding {hold:g} s; heartbeats answered on all: {len(again)}",
        f"- heartbeat round trip with all sockets beating at once: p50 {pct(beats, 0.5):.1f} ms, "
        f"p99 {pct(beats, 0.99):.1f} ms",
        f"- SendMessage -> 5 subscribed sockets (sequential, {len(sample)} chats): "
        f"p50 {pct(delivered, 0.5):.1f} ms,"
        f" p99 {pct(delivered, 0.99):.1f} ms (includes the REST call)",
        f"- emulator RSS {before / 1024:.1f} MiB before, {after / 1024:.1f} MiB with the sockets open: "
        f"{(after - before) / max(len(sockets), 1):.1f} KiB per socket",
    ]


# -- memory per chat -------------------------------------------------------------------------------


def chat_bench(count: int) -> list[str]:
    """RSS per chat: `count` chats started (customer + agent, a message each) on a fresh emulator."""
    emulator, port = start([sys.executable, "-m", "paws_compat.cli.emulator", "--port", "0", "--quiet"])
    try:
        control(port, "/chats", {"DisplayName": "warm-up"})
        before = rss_kib(emulator.pid)
        for n in range(count):
            chat = control(
                port,
                "/chats",
                {
                    "DisplayName": f"Bench {n}",
                    "InitialMessage": {
                        "ContentType": "text/plain",
                        "Content": "Hello, I need help with my order",
                    },
                },
            )
            control(port, f"/chats/{chat['ContactId']}/participants", {"DisplayName": "Agent"})
        after = rss_kib(emulator.pid)
    finally:
        emulator.kill()
        emulator.wait(timeout=10)
    return [
        f"chats: {count} started (customer, agent, one message): "
        f"{(after - before) / count:.1f} KiB per chat (RSS {before / 1024:.1f} -> {after / 1024:.1f} MiB)"
    ]


# -- idle connections ----------------------------------------------------------------------------

IDLE_WORKER = r"""
import asyncio, resource, sys
port, count, first_source, hold = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
async def main():
    held, failed = [], 0
    async def one(n):
        nonlocal failed
        source = f"127.0.{(first_source + n // 1000) // 250}.{(first_source + n // 1000) % 250 + 2}"
        try:
            held.append(await asyncio.wait_for(
                asyncio.open_connection("127.0.0.1", port, local_addr=(source, 0)), 10))
        except (OSError, asyncio.TimeoutError):
            failed += 1
    await asyncio.gather(*(one(n) for n in range(count)))
    print(f"opened {len(held)} failed {failed}", flush=True)
    await asyncio.sleep(hold)
    for _, writer in held:
        writer.close()
    print("done", flush=True)
asyncio.run(main())
"""


def _health(port: int) -> float | None:
    """Seconds a health check takes from 127.0.0.1 (None: no answer within 5 s)."""
    started = time.perf_counter()
    try:
        with tcp.create_connection(("127.0.0.1", port), timeout=5) as sock:
            sock.sendall(b"GET /_emulator/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            if not sock.recv(64).startswith(b"HTTP/1.1 200"):
                return None
    except OSError:
        return None
    return time.perf_counter() - started


def idle_bench(count: int, hold: float) -> list[str]:
    """`count` idle TCP connections (from 127.0.x.y source addresses, at most 9,000 per client
    process for the file limit) held for `hold` s; health checks from 127.0.0.1 meanwhile."""
    emulator, port = start(
        [sys.executable, "-m", "paws_compat.cli.emulator", "--port", "0", "--quiet"], stderr=subprocess.PIPE
    )
    assert emulator.stderr is not None
    os.set_blocking(emulator.stderr.fileno(), False)
    log_bytes = 0

    def drain() -> None:
        nonlocal log_bytes
        with contextlib.suppress(OSError, TypeError):
            while chunk := emulator.stderr.read(65536):  # type: ignore[union-attr]
                log_bytes += len(chunk)

    workers = []
    try:
        quiet = _health(port)
        per_worker = 9000
        for first in range(0, count, per_worker):
            n = min(per_worker, count - first)
            workers.append(
                subprocess.Popen(
                    [sys.executable, "-c", IDLE_WORKER, str(port), str(n), str(first // 1000), str(hold)],
                    stdout=subprocess.PIPE,
                    text=True,
                    preexec_fn=_pin(0),
                )
            )
        opened = [w.stdout.readline().strip() for w in workers]  # type: ignore[union-attr]
        checks = []
        deadline = time.monotonic() + hold
        while time.monotonic() < deadline:
            checks.append(_health(port))
            drain()
            time.sleep(0.5)
        held_fds = len(os.listdir(f"/proc/{emulator.pid}/fd"))
        rss = rss_kib(emulator.pid)
        for worker in workers:
            worker.stdout.readline()  # type: ignore[union-attr]
        for worker in workers:
            worker.wait(timeout=30)
        drain()
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
        emulator.kill()
        emulator.wait(timeout=10)
    answered = [c for c in checks if c is not None]
    worst = f"{max(answered) * 1000:.0f} ms" if answered else "-"
    return [
        f"idle connections: {count} opened against the emulator and held {hold:g} s ({'; '.join(opened)})",
        f"- health check alone {quiet * 1000 if quiet else float('nan'):.1f} ms; during: {len(answered)} of "
        f"{len(checks)} answered, slowest {worst}",
        f"- emulator: {held_fds} open files at the end of the hold, RSS {rss / 1024:.1f} MiB, "
        f"{log_bytes:,} bytes of log",
    ]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=2.0, help="length of each REST round")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--connections", type=int, default=16, help="keep-alive connections of the load generator"
    )
    parser.add_argument("--sockets", type=int, default=1000, help="websockets to open and hold")
    parser.add_argument("--hold", type=float, default=5.0, help="seconds to hold the sockets open")
    parser.add_argument("--skip-rest", action="store_true")
    parser.add_argument("--skip-sockets", action="store_true")
    parser.add_argument(
        "--chats", type=int, default=2000, help="chats for the memory-per-chat figure (0: skip)"
    )
    parser.add_argument("--idle", type=int, default=20000, help="idle connections to hold (0: skip)")
    parser.add_argument("--idle-hold", type=float, default=15.0, help="seconds to hold them")
    parser.add_argument(
        "--emulator-root", type=Path, default=ROOT, help="checkout whose emulator is measured"
    )
    args = parser.parse_args()
    global EMULATOR_ROOT
    EMULATOR_ROOT = args.emulator_root.resolve()
    _raise_file_limit()
    _pin(0)()
    lines: list[str] = []
    if not args.skip_rest:
        lines += rest_bench(args)
    if not args.skip_sockets:
        emulator, port = start([sys.executable, "-m", "paws_compat.cli.emulator", "--port", "0", "--quiet"])
        try:
            lines += ["", *asyncio.run(socket_bench(port, emulator.pid, args.sockets, args.hold))]
        finally:
            emulator.kill()
            emulator.wait(timeout=10)
    if args.chats:
        lines += ["", *chat_bench(args.chats)]
    if args.idle:
        lines += ["", *idle_bench(args.idle, args.idle_hold)]
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())

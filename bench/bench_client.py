"""create_participant_connection against a local server: our client, boto3 (unsigned), a plain
requests Session.request loop and a bare urllib3 loop, interleaved in one run; then process cold
start (ours, boto3's, and the floor `import requests, attrs`) and peak RSS, ours against boto3's.

    .venv/bin/python bench/bench_client.py [--calls 1000] [--rounds 5] [--starts 7]

The server runs in another process (bench/server.py), pinned to the other core where it can be.
Figures are medians with min-max over rounds; ratios compare peers measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TOKEN = "bench-participant-token"

Call = Callable[[], object]


def start_server() -> tuple[subprocess.Popen[str], str]:
    env = dict(os.environ, BENCH_SERVER_CPU="1")
    proc = subprocess.Popen(
        [sys.executable, str(HERE / "server.py")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stdout is not None
    port = proc.stdout.readline().strip()
    if not port.isdigit():
        proc.kill()
        raise SystemExit("bench server did not start")
    return proc, f"http://127.0.0.1:{port}"


def ours(url: str) -> Call:
    import paws_compat

    svc = paws_compat.connectparticipant(endpoint=url, region="us-east-1")

    def call() -> object:
        resp = svc.create_participant_connection(
            Type=["WEBSOCKET", "CONNECTION_CREDENTIALS"], ParticipantToken=TOKEN, ConnectParticipant=True
        )
        return resp["Websocket"]["Url"]

    return call


def boto3_unsigned(url: str) -> Call:
    import boto3
    import botocore
    from botocore.config import Config

    svc = boto3.client(
        "connectparticipant",
        region_name="us-east-1",
        endpoint_url=url,
        config=Config(signature_version=botocore.UNSIGNED),
    )

    def call() -> object:
        resp = svc.create_participant_connection(
            Type=["WEBSOCKET", "CONNECTION_CREDENTIALS"], ParticipantToken=TOKEN, ConnectParticipant=True
        )
        return resp["Websocket"]["Url"]

    return call


def bare_urllib3(url: str) -> Call:
    import urllib3

    pool = urllib3.connection_from_url(url, maxsize=1)
    body = json.dumps({"Type": ["WEBSOCKET", "CONNECTION_CREDENTIALS"], "ConnectParticipant": True}).encode()
    headers = {"X-Amz-Bearer": TOKEN, "Content-Type": "application/json"}

    def call() -> object:
        resp = pool.urlopen("POST", "/participant/connection", body=body, headers=headers, retries=False)
        return json.loads(resp.data)["Websocket"]["Url"]

    return call


def plain_requests(url: str) -> Call:
    import requests

    session = requests.Session()
    body = json.dumps({"Type": ["WEBSOCKET", "CONNECTION_CREDENTIALS"], "ConnectParticipant": True})
    headers = {"X-Amz-Bearer": TOKEN, "Content-Type": "application/json"}

    def call() -> object:
        reply = session.post(url + "/participant/connection", data=body, headers=headers, timeout=(60, 60))
        return json.loads(reply.content)["Websocket"]["Url"]

    return call


def measure(call: Call, calls: int) -> tuple[float, float]:
    """(client CPU seconds per call, calls per second of wall time)."""
    cpu0, wall0 = time.process_time(), time.perf_counter()
    for _ in range(calls):
        call()
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    return cpu / calls, calls / wall


COLD_OURS = """
import paws_compat
svc = paws_compat.connectparticipant(endpoint={url!r}, region="us-east-1")
svc.create_participant_connection(Type=["WEBSOCKET"], ParticipantToken="t", ConnectParticipant=True)
{extra}
"""
COLD_BOTO3 = """
import boto3, botocore
from botocore.config import Config
svc = boto3.client("connectparticipant", region_name="us-east-1", endpoint_url={url!r},
                   config=Config(signature_version=botocore.UNSIGNED))
svc.create_participant_connection(Type=["WEBSOCKET"], ParticipantToken="t", ConnectParticipant=True)
{extra}
"""
COLD_FLOOR = """
import requests, attrs
{extra}
"""
MORE_CALLS = """
for _ in range(99):
    svc.create_participant_connection(Type=["WEBSOCKET"], ParticipantToken="t", ConnectParticipant=True)
# VmHWM: this process' own peak (ru_maxrss would carry the parent's peak across exec).
print(next(line.split()[1] for line in open("/proc/self/status") if line.startswith("VmHWM:")))
"""


def clean_env() -> dict[str, str]:
    # No AWS settings from this machine: both clients resolve the same way every run.
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env["AWS_CONFIG_FILE"] = os.devnull
    env["AWS_SHARED_CREDENTIALS_FILE"] = os.devnull
    env["PYTHONPATH"] = str(ROOT)
    # Measure what a user's machine does: bytecode cached after the first import.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def run_script(source: str) -> tuple[float, float, str]:
    """(wall seconds, CPU seconds, stdout) of one `python -c` process. CPU is the child's user +
    system time (getrusage of children): on a machine shared with other work it is the steadier
    figure, since waiting for a core is not counted."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", source],
        capture_output=True,
        text=True,
        env=clean_env(),
        timeout=120,
        check=False,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"benchmark script failed:\n{done.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.stdout.strip()


def summary(values: list[float], scale: float = 1.0, fmt: str = "{:,.0f}") -> str:
    scaled = [v * scale for v in values]
    return f"{fmt.format(statistics.median(scaled))} ({fmt.format(min(scaled))}-{fmt.format(max(scaled))})"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--calls", type=int, default=1000, help="calls per contender per round")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--starts", type=int, default=9, help="cold-start processes per client")
    parser.add_argument("--rss", type=int, default=3, help="peak-RSS processes per client")
    args = parser.parse_args()

    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {0})
    for name in [n for n in os.environ if n.startswith("AWS_")]:
        del os.environ[name]
    os.environ["AWS_CONFIG_FILE"] = os.devnull
    server, url = start_server()
    try:
        contenders = {
            "paws_compat": ours(url),
            "boto3 unsigned": boto3_unsigned(url),
            "requests Session.request": plain_requests(url),
            "bare urllib3": bare_urllib3(url),
        }
        for call in contenders.values():  # warm-up: connections, caches, first-call costs
            for _ in range(50):
                call()
        cpu: dict[str, list[float]] = {name: [] for name in contenders}
        rate: dict[str, list[float]] = {name: [] for name in contenders}
        for round_no in range(args.rounds):
            order = list(contenders.items())
            if round_no % 2:
                order.reverse()  # interleave: no contender always runs first
            for name, call in order:
                per_call, per_second = measure(call, args.calls)
                cpu[name].append(per_call)
                rate[name].append(per_second)

        starts: dict[str, list[float]] = {"paws_compat": [], "boto3 unsigned": [], "floor": []}
        start_cpu: dict[str, list[float]] = {name: [] for name in starts}
        rss: dict[str, list[float]] = {"paws_compat": [], "boto3 unsigned": []}
        scripts = {"paws_compat": COLD_OURS, "boto3 unsigned": COLD_BOTO3, "floor": COLD_FLOOR}
        for script in scripts.values():  # first runs write the bytecode caches
            run_script(script.format(url=url, extra=""))
        for _ in range(args.starts):
            for name, script in scripts.items():  # interleaved: one of each in turn
                wall, cpu_s, _ = run_script(script.format(url=url, extra=""))
                starts[name].append(wall)
                start_cpu[name].append(cpu_s)
        for _ in range(args.rss):
            for name, script in scripts.items():
                if name == "floor":
                    continue
                rss[name].append(float(run_script(script.format(url=url, extra=MORE_CALLS))[2]) / 1024)
    finally:
        assert server.stdin is not None
        server.stdin.close()
        server.wait(timeout=10)

    med = {name: statistics.median(values) for name, values in cpu.items()}
    med_rate = {name: statistics.median(values) for name, values in rate.items()}
    lines = [
        f"create_participant_connection, {args.calls} calls x {args.rounds} rounds, "
        "loopback server in another process; median (min-max)",
        "",
        "| client | client CPU per call (us) | calls/s | CPU vs boto3 | calls/s vs boto3 |",
        "| --- | --- | --- | --- | --- |",
    ]
    for name in contenders:
        lines.append(
            f"| {name} | {summary(cpu[name], 1e6)} | {summary(rate[name])} | "
            f"{med[name] / med['boto3 unsigned']:.2f}x | {med_rate[name] / med_rate['boto3 unsigned']:.2f}x |"
        )
    start_med = {name: statistics.median(values) for name, values in starts.items()}
    cpu_med = {name: statistics.median(values) for name, values in start_cpu.items()}
    rss_med = {name: statistics.median(values) for name, values in rss.items()}
    lines += [
        "",
        "| process | paws_compat | boto3 unsigned | ratio |",
        "| --- | --- | --- | --- |",
        f"| cold start: import + client + first call, wall ms ({args.starts} runs) | "
        f"{summary(starts['paws_compat'], 1e3)} | {summary(starts['boto3 unsigned'], 1e3)} | "
        f"{start_med['paws_compat'] / start_med['boto3 unsigned']:.2f}x |",
        f"| cold start of `python -c \"import requests, attrs\"` (the floor), wall ms | "
        f"{summary(starts['floor'], 1e3)} | ours / floor | "
        f"{start_med['paws_compat'] / start_med['floor']:.2f}x |",
        f"| cold start, process CPU ms (user + system, {args.starts} runs) | "
        f"{summary(start_cpu['paws_compat'], 1e3)} | {summary(start_cpu['boto3 unsigned'], 1e3)} | "
        f"{cpu_med['paws_compat'] / cpu_med['boto3 unsigned']:.2f}x |",
        f"| cold start of the floor, process CPU ms | "
        f"{summary(start_cpu['floor'], 1e3)} | ours / floor | "
        f"{cpu_med['paws_compat'] / cpu_med['floor']:.2f}x |",
        f"| peak RSS: import + client + 100 calls, MiB ({args.rss} runs) | "
        f"{summary(rss['paws_compat'], fmt='{:.1f}')} | {summary(rss['boto3 unsigned'], fmt='{:.1f}')} | "
        f"{rss_med['paws_compat'] / rss_med['boto3 unsigned']:.2f}x |",
    ]
    print("\n".join(lines))


if __name__ == "__main__":
    main()

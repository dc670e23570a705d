"""The command line, one process per call as a shell uses it: `paws-compat connectparticipant
send-message` against a one-shot boto3 script doing the same call (what `aws` runs on), and
`paws-compat port` against Rscript merely parsing the same script (the floor set by starting R).

    .venv/bin/python bench/bench_cli.py [rounds]

Contenders run interleaved, round by round, on the local emulator; medians of wall time per
process, as ratios to the peer measured in the same run.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "port" / "corpus"

BOTO3_SEND = """
import sys, boto3
from botocore import UNSIGNED
from botocore.config import Config
client = boto3.client("connectparticipant", endpoint_url=sys.argv[1], region_name="us-east-1",
                      config=Config(signature_version=UNSIGNED))
client.send_message(ContentType="text/plain", Content="hi", ConnectionToken=sys.argv[2])
"""


def timed(args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run(args, env=env, capture_output=True, text=True, timeout=120, check=False)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):  # port exits 1 for an incomplete port; none here
        raise RuntimeError(f"{args[:4]} failed: {proc.stderr[-500:]}")
    return elapsed


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    sys.path.insert(0, str(ROOT))
    import paws_compat
    from paws_compat.emulator import Emulator

    env = dict(os.environ, PYTHONPATH=str(ROOT))
    py = sys.executable
    rscript = shutil.which("Rscript") or "Rscript"
    script = str(CORPUS / "bot_poll.R")
    with Emulator() as emu:
        chat = emu.start_chat()
        with paws_compat.connectparticipant(endpoint=emu.endpoint, region="us-east-1") as svc:
            conn = svc.create_participant_connection(
                Type=["CONNECTION_CREDENTIALS"], ParticipantToken=chat.participant_token
            )
        token = conn.ConnectionCredentials.ConnectionToken
        cli_env = dict(env, PAWS_COMPAT_CONNECTION_TOKEN=token)
        contenders = {
            "paws-compat connectparticipant send-message": (
                [
                    py,
                    "-m",
                    "paws_compat",
                    "connectparticipant",
                    "send-message",
                    "--content-type",
                    "text/plain",
                    "--content",
                    "hi",
                    "--endpoint-url",
                    emu.endpoint,
                ],
                cli_env,
            ),
            "boto3 one-shot send_message": ([py, "-c", BOTO3_SEND, emu.endpoint, token], env),
            "python -c pass": ([py, "-c", "pass"], env),
            "paws-compat port bot_poll.R": ([py, "-m", "paws_compat", "port", script], env),
            "Rscript parse(bot_poll.R)": (
                [rscript, "-e", f"invisible(parse('{script}', keep.source = TRUE))"],
                env,
            ),
        }
        samples: dict[str, list[float]] = {name: [] for name in contenders}
        for _ in range(rounds):
            for name, (args, run_env) in contenders.items():
                samples[name].append(timed(args, run_env))
    print(f"{rounds} rounds, median wall ms per process (min-max)")
    for name, values in samples.items():
        print(
            f"  {name:46s} {statistics.median(values) * 1000:7.1f} "
            f"({min(values) * 1000:.1f}-{max(values) * 1000:.1f})"
        )
    cli = statistics.median(samples["paws-compat connectparticipant send-message"])
    boto = statistics.median(samples["boto3 one-shot send_message"])
    port = statistics.median(samples["paws-compat port bot_poll.R"])
    parse = statistics.median(samples["Rscript parse(bot_poll.R)"])
    print(f"CLI call / boto3 one-shot: {cli / boto:.2f}")
    print(f"port / Rscript parse alone: {port / parse:.2f}")


if __name__ == "__main__":
    main()

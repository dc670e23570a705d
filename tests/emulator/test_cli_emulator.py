"""`paws-compat emulator`: prints its endpoint, serves, logs requests with tokens masked, stops on Ctrl-C."""

from __future__ import annotations

import argparse
import json
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import urllib3

from paws_compat.cli import emulator as command

ROOT = Path(__file__).resolve().parents[2]


def test_register_adds_the_subcommand() -> None:
    parser = argparse.ArgumentParser(prog="paws-compat")
    command.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["emulator", "--port", "0", "--connection-expiry-seconds", "5"])
    assert args.func is command.run
    assert (args.host, args.port, args.connection_expiry_seconds) == ("127.0.0.1", 0, 5.0)


def test_serves_logs_masked_and_stops_on_ctrl_c() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "paws_compat.cli.emulator", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        assert first.startswith("paws-compat emulator listening on http://127.0.0.1:")
        endpoint = first.split()[-1]
        chat = json.loads(urllib3.request("POST", endpoint + "/_emulator/chats", body=b"{}", timeout=10).data)
        answer = urllib3.request(
            "POST",
            endpoint + "/participant/connection",
            timeout=10,
            headers={"X-Amz-Bearer": chat["ParticipantToken"]},
            body=b'{"Type": ["WEBSOCKET", "CONNECTION_CREDENTIALS"]}',
        )
        assert answer.status == 200
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)
    assert proc.returncode == 0
    assert "stopped" in out
    assert "CreateParticipantConnection" in err and "-> 200" in err
    secrets = [chat["ParticipantToken"], *json.loads(answer.data)["ConnectionCredentials"].values()]
    assert not any(secret in out + err for secret in secrets)


def test_busy_port_is_a_clean_error() -> None:
    script = textwrap.dedent(
        """
        import socket, subprocess, sys
        busy = socket.socket()
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "paws_compat.cli.emulator", "--port", str(port)],
                              capture_output=True, text=True, timeout=60)
        print(done.returncode)
        print(done.stderr)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=90, cwd=ROOT
    )
    code, _, err = done.stdout.partition("\n")
    assert code == "1"
    assert "cannot listen on 127.0.0.1" in err and "Traceback" not in err


def test_a_network_address_is_shown_as_bound_and_warned_about() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "paws_compat.cli.emulator", "--host", "0.0.0.0", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        second = proc.stdout.readline()
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)
    assert first.startswith("paws-compat emulator listening on http://0.0.0.0:")
    assert "clients: http://127.0.0.1:" in second
    assert "WARNING: reachable from the network" in err

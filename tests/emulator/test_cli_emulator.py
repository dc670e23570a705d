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


# AWS's JS SDK asks for these on a Participant Service call (websocket.md).
SDK_HEADERS = "authorization,content-type,x-amz-bearer,x-amz-content-sha256,x-amz-date,x-amz-user-agent"


def _preflight(endpoint: str, path: str, origin: str) -> urllib3.BaseHTTPResponse:
    return urllib3.request(
        "OPTIONS",
        endpoint + path,
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": SDK_HEADERS,
        },
        timeout=10,
    )


def test_cors_origin_option_lets_that_page_call_a_running_emulator() -> None:
    """`paws-compat emulator --cors-origin A --cors-origin B` as a process: a real preflight and real
    requests with Origin, from the added origins, a loopback page and a page not added."""
    site, other = "https://chat.example.com", "http://widget.example.net:8080"
    command_line = Path(sys.executable).with_name("paws-compat")
    proc = subprocess.Popen(
        [
            str(command_line),
            "emulator",
            "--port",
            "0",
            "--quiet",
            "--cors-origin",
            site,
            "--cors-origin",
            other,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert proc.stdout is not None
        endpoint = proc.stdout.readline().split()[-1]
        assert endpoint.startswith("http://127.0.0.1:")
        chat = json.loads(urllib3.request("POST", endpoint + "/_emulator/chats", body=b"{}", timeout=10).data)

        for origin in (site, other, "http://localhost:5173"):
            preflight = _preflight(endpoint, "/participant/connection", origin)
            assert preflight.status == 204
            assert preflight.headers["Access-Control-Allow-Origin"] == origin
            assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
            allowed = {h.strip() for h in preflight.headers["Access-Control-Allow-Headers"].split(",")}
            assert set(SDK_HEADERS.split(",")) <= allowed

        answer = urllib3.request(
            "POST",
            endpoint + "/participant/connection",
            headers={
                "Origin": site,
                "X-Amz-Bearer": chat["ParticipantToken"],
                "Content-Type": "application/json",
            },
            body=b'{"Type": ["CONNECTION_CREDENTIALS"]}',
            timeout=10,
        )
        assert answer.status == 200
        assert answer.headers["Access-Control-Allow-Origin"] == site
        assert "ConnectionToken" in json.loads(answer.data)["ConnectionCredentials"]

        # An error reaches the page with its code readable (AWS's JS SDK reads x-amzn-ErrorType).
        refused = urllib3.request(
            "POST",
            endpoint + "/participant/message",
            headers={"Origin": other, "X-Amz-Bearer": "not-a-token", "Content-Type": "application/json"},
            body=b'{"ContentType": "text/plain", "Content": "hi"}',
            timeout=10,
        )
        assert refused.status == 403
        assert refused.headers["Access-Control-Allow-Origin"] == other
        assert refused.headers["x-amzn-ErrorType"].startswith("AccessDeniedException")
        exposed = {h.strip().lower() for h in refused.headers["Access-Control-Expose-Headers"].split(",")}
        assert {"x-amzn-errortype", "x-amzn-requestid"} <= exposed

        # A page the user did not add is refused outright, preflight and request alike.
        stranger = "https://evil.example"
        assert _preflight(endpoint, "/participant/connection", stranger).status == 403
        sneaky = urllib3.request(
            "POST",
            endpoint + "/participant/connection",
            headers={"Origin": stranger, "X-Amz-Bearer": chat["ParticipantToken"]},
            body=b'{"Type": ["CONNECTION_CREDENTIALS"]}',
            timeout=10,
        )
        assert sneaky.status == 403 and "Access-Control-Allow-Origin" not in sneaky.headers
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)
    assert proc.returncode == 0


def test_a_bad_cors_origin_is_refused_at_start() -> None:
    done = subprocess.run(
        [
            str(Path(sys.executable).with_name("paws-compat")),
            "emulator",
            "--port",
            "0",
            "--cors-origin",
            "chat.example.com",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert done.returncode == 2
    assert "--cors-origin: 'chat.example.com' is not an origin" in done.stderr

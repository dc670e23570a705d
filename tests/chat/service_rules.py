"""A front before the emulator that applies the service's rules the emulator may still be kinder
about, so the chat session is tested against what AWS refuses, not what our emulator allows.

Rule kept here (websocket.md, "GetTranscript's start position"): ScanDirection FORWARD without a
StartPosition is refused with ValidationException (the service's start is the newest item, so
forward from it asks for the future). Every other request passes to the emulator unchanged, with
the emulator's own Host, so the websocket URLs it hands back point at the emulator itself.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

import urllib3

_TRANSCRIPT_PATH = "/participant/transcript"


def refused_reason(path: str, body: bytes) -> str | None:
    """Why the service would refuse this request, or None."""
    if urlsplit(path).path != _TRANSCRIPT_PATH:
        return None
    try:
        arguments = json.loads(body or b"{}")
    except ValueError:
        return None
    if not isinstance(arguments, dict):
        return None
    if arguments.get("NextToken"):
        return None  # a later page: its position is in the token
    if arguments.get("ScanDirection", "BACKWARD") == "FORWARD" and not arguments.get("StartPosition"):
        return "ScanDirection FORWARD requires a StartPosition"
    return None


class ServiceRulesFront:
    """`with ServiceRulesFront(emulator.endpoint) as front:` use `front.endpoint` as the client's
    endpoint; `front.refused` lists the requests refused, `front.transcript_calls` every
    GetTranscript's arguments."""

    def __init__(
        self, upstream: str, rewrite: Callable[[str, dict[str, Any]], dict[str, Any]] | None = None
    ) -> None:
        """`rewrite(path, answer)` may change a JSON answer before it is passed on (say, hand
        out URLs the service could give that the emulator does not)."""
        self._upstream = upstream.rstrip("/")
        self._rewrite = rewrite
        self._host = urlsplit(self._upstream).netloc
        self._http = urllib3.PoolManager(maxsize=16, timeout=urllib3.Timeout(connect=5.0, read=30.0))
        self.refused: list[str] = []
        self.transcript_calls: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        front = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                return

            def _relay(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                front._handle(self, body)

            do_GET = do_POST = do_PUT = do_DELETE = _relay

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, name="service-rules", daemon=True)
        self.endpoint = f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> ServiceRulesFront:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)
        self._http.clear()

    def _handle(self, handler: BaseHTTPRequestHandler, body: bytes) -> None:
        if urlsplit(handler.path).path == _TRANSCRIPT_PATH:
            with self._lock:
                self.transcript_calls.append(json.loads(body or b"{}"))
        reason = refused_reason(handler.path, body)
        if reason is not None:
            with self._lock:
                self.refused.append(reason)
            payload = json.dumps({"message": reason}).encode()
            handler.send_response(400)
            handler.send_header("x-amzn-ErrorType", "ValidationException")
            handler.send_header("Content-Type", "application/json")
            handler.send_header("Content-Length", str(len(payload)))
            handler.end_headers()
            handler.wfile.write(payload)
            return
        headers = {k: v for k, v in handler.headers.items() if k.lower() not in ("host", "content-length")}
        headers["Host"] = self._host
        answer = self._http.request(
            handler.command,
            self._upstream + handler.path,
            body=body or None,
            headers=headers,
            retries=False,
            redirect=False,
        )
        data = answer.data
        if self._rewrite is not None and answer.status == 200 and data:
            data = json.dumps(self._rewrite(urlsplit(handler.path).path, json.loads(data))).encode()
        handler.send_response(answer.status)
        for name, value in answer.headers.items():
            if name.lower() not in ("content-length", "transfer-encoding", "connection", "date", "server"):
                handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)

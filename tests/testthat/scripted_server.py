"""A loopback HTTP server answering from a script, standing in for AWS in the R tests.

It runs in a thread of the R process's Python (reticulate). Under reticulate 1.28 that thread only
runs while R waits inside a Python call, which is exactly when a client call is waiting for it.
"""

from __future__ import annotations

import json
import threading
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class ScriptedServer:
    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self._replies: deque[tuple[int, bytes, dict[str, str]]] = deque()
        self._lock = threading.Lock()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                with owner._lock:
                    owner.requests.append({
                        "method": self.command,
                        "path": self.path,
                        "headers": {k.lower(): v for k, v in self.headers.items()},
                        "body": body.decode("utf-8"),
                    })
                    answer = owner._replies.popleft() if owner._replies else (200, b"{}", {})
                status, payload, headers = answer
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                for key, value in headers.items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_PUT = do_DELETE = _serve

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True)
        self._thread.start()

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def reply(self, status: int = 200, body: Any = None, headers: dict[str, str] | None = None) -> None:
        """Queue one answer; body may be JSON text or None for an empty body."""
        payload = b"" if body is None else str(body).encode("utf-8")
        with self._lock:
            self._replies.append((int(status), payload, dict(headers or {})))

    def last_request(self) -> dict[str, Any]:
        with self._lock:
            return self.requests[-1]

    def request_json(self) -> Any:
        body = self.last_request()["body"]
        return json.loads(body) if body else None

    def reset(self) -> None:
        with self._lock:
            self.requests.clear()
            self._replies.clear()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

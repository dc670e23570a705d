"""A loopback stand-in for the AWS endpoints that hand out credentials (instance metadata,
container credentials, STS, SSO portal): the real parts cannot run here, their wire formats can.

Routes are (method, path) -> (status, content type, body); every request is recorded.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit


class MetadataServer:
    def __init__(self) -> None:
        self.routes: dict[tuple[str, str], tuple[int, str, str]] = {}
        self.requests: list[dict[str, Any]] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                path = urlsplit(self.path).path
                owner.requests.append(
                    {"method": self.command, "path": self.path, "headers": dict(self.headers), "body": body}
                )
                status, kind, text = owner.routes.get((self.command, path), (404, "text/plain", "not found"))
                data = text.encode()
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_PUT = do_POST = _serve

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    def route(
        self, method: str, path: str, body: str, kind: str = "application/json", status: int = 200
    ) -> None:
        self.routes[(method, path)] = (status, kind, body)


@contextmanager
def metadata_server() -> Iterator[MetadataServer]:
    server = MetadataServer()
    server._thread.start()
    try:
        yield server
    finally:
        server._httpd.shutdown()
        server._httpd.server_close()
        server._thread.join(timeout=5)

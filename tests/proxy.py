"""A small real HTTP CONNECT proxy on loopback, for tests of the client's network policy.

It tunnels to loopback targets only, can require Basic proxy credentials, and records what it
tunnelled to and the local ports of its upstream sockets (so a server can tell which of its
connections came through it)."""

from __future__ import annotations

import base64
import contextlib
import socket
import threading
from types import TracebackType


class ConnectProxy:
    """`with ConnectProxy() as proxy:` ... `proxy.url`, `proxy.tunnels`, `proxy.upstream_ports`."""

    def __init__(self, credentials: tuple[str, str] | None = None) -> None:
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.2)
        self._credentials = credentials
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self.tunnels: list[str] = []
        self.upstream_ports: set[int] = set()
        self.refused: list[str] = []
        self._threads: list[threading.Thread] = []
        self._sockets: list[socket.socket] = []

    @property
    def port(self) -> int:
        return int(self._listener.getsockname()[1])

    @property
    def url(self) -> str:
        if self._credentials:
            user, password = self._credentials
            return f"http://{user}:{password}@127.0.0.1:{self.port}"
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> ConnectProxy:
        thread = threading.Thread(target=self._accept, name="test-proxy", daemon=True)
        thread.start()
        self._threads.append(thread)
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._stop.set()
        with self._lock:
            for sock in self._sockets:
                with contextlib.suppress(OSError):
                    sock.close()
        self._listener.close()
        for thread in self._threads:
            thread.join(timeout=5)

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            thread = threading.Thread(target=self._serve, args=(client,), daemon=True)
            thread.start()
            with self._lock:
                self._threads.append(thread)

    def _track(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)

    def _serve(self, client: socket.socket) -> None:
        self._track(client)
        client.settimeout(10)
        head = b""
        with contextlib.suppress(OSError):
            while b"\r\n\r\n" not in head and len(head) < 65536:
                data = client.recv(4096)
                if not data:
                    break
                head += data
        lines = head.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
        method, target = [*lines[0].split(" "), "", ""][:2]
        headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
        if method != "CONNECT":
            self._reply(client, "405 Only CONNECT")
            return
        if self._credentials is not None:
            expected = "Basic " + base64.b64encode(":".join(self._credentials).encode()).decode()
            if headers.get("proxy-authorization") != expected:
                self.refused.append(target)
                self._reply(client, "407 Proxy Authentication Required")
                return
        host, _, port = target.rpartition(":")
        if host.strip("[]") not in ("127.0.0.1", "localhost", "::1"):
            self.refused.append(target)
            self._reply(client, "403 Loopback targets only")
            return
        try:
            upstream = socket.create_connection((host.strip("[]"), int(port)), timeout=10)
        except OSError:
            self._reply(client, "502 Bad Gateway")
            return
        self._track(upstream)
        with self._lock:
            self.tunnels.append(target)
            self.upstream_ports.add(upstream.getsockname()[1])
        client.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
        client.settimeout(None)
        upstream.settimeout(None)
        pump = threading.Thread(target=_pipe, args=(upstream, client), daemon=True)
        pump.start()
        _pipe(client, upstream)
        pump.join(timeout=10)

    @staticmethod
    def _reply(client: socket.socket, status: str) -> None:
        with contextlib.suppress(OSError):
            client.sendall(f"HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".encode())
            client.close()


def _pipe(source: socket.socket, sink: socket.socket) -> None:
    with contextlib.suppress(OSError):
        while True:
            data = source.recv(65536)
            if not data:
                break
            sink.sendall(data)
    for sock in (source, sink):
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)

"""The default transport: urllib3 connection pools, used directly.

requests runs on the same engine but spends as much CPU per call as the whole of boto3 merging
settings and reading the environment (performance.md); calling the pool ourselves keeps a call
near the urllib3 floor.
"""

from __future__ import annotations

import ssl
import threading
from collections.abc import Mapping
from typing import Any

import urllib3
from urllib3 import exceptions as u3
from urllib3.connection import HTTPConnection, HTTPSConnection

from .._errors import ConnectionError, ConnectTimeoutError, ReadTimeoutError, TransportError
from ._base import Response, Timeouts, Transport


def _ca_bundle() -> str | None:
    """certifi's bundle when installed (what requests and boto3 use), else the system's store."""
    try:
        import certifi
    except ImportError:
        return None
    return str(certifi.where())


class _OneWrite:
    """Sends a request's head and its (small, in-memory) body in one write.

    urllib3 writes them separately; on loopback or a fast network the second write costs a
    system call and a wake-up of the peer on every call. The body rides along with the head
    instead: `request` keeps it back and declares its length, `send` appends it to the head.
    """

    _pending_body: bytes | None = None

    def request(self, method: str, url: str, body: Any = None, headers: Any = None, **kwargs: Any) -> None:
        self._pending_body = None
        if isinstance(body, bytes) and body and headers is not None:
            self._pending_body = body
            headers = {**headers, "Content-Length": str(len(body))}
            body = None
        super().request(method, url, body=body, headers=headers, **kwargs)  # type: ignore[misc]

    def send(self, data: Any) -> None:
        pending = self._pending_body
        if pending is not None and isinstance(data, bytes):
            # The first write of a request is its complete head: the body follows it directly.
            self._pending_body = None
            data = data + pending
        super().send(data)  # type: ignore[misc]


class _OneWriteHTTPConnection(_OneWrite, HTTPConnection):
    pass


class _OneWriteHTTPSConnection(_OneWrite, HTTPSConnection):
    pass


class Urllib3Transport(Transport):
    """Keep-alive pools, one per origin, shared by all threads of a client.

    verify: True (certifi's or the system's CA store), False (no TLS check: tests only), or the
    path of a CA bundle. maxsize: connections kept per origin (a busier process opens more and
    closes the extras). Proxy variables (HTTPS_PROXY...) are not read: a proxied network takes
    `RequestsTransport`, whose Session honours them.
    """

    def __init__(self, *, verify: bool | str = True, maxsize: int = 10) -> None:
        self._verify = verify
        self._maxsize = maxsize
        self._pools: dict[str, urllib3.HTTPConnectionPool] = {}
        self._timeouts: dict[Timeouts, urllib3.Timeout] = {}
        self._lock = threading.Lock()

    def _pool(self, origin: str) -> urllib3.HTTPConnectionPool:
        pool = self._pools.get(origin)
        if pool is not None:
            return pool
        with self._lock:
            pool = self._pools.get(origin)
            if pool is None:
                pool = self._new_pool(origin)
                self._pools[origin] = pool
        return pool

    def _new_pool(self, origin: str) -> urllib3.HTTPConnectionPool:
        kwargs: dict[str, object] = {"maxsize": self._maxsize, "block": False, "retries": False}
        if origin.startswith("https://"):
            if self._verify is False:
                kwargs.update(cert_reqs=ssl.CERT_NONE, assert_hostname=False)
            else:
                kwargs["cert_reqs"] = ssl.CERT_REQUIRED
                kwargs["ca_certs"] = self._verify if isinstance(self._verify, str) else _ca_bundle()
        pool = urllib3.connection_from_url(origin, **kwargs)
        if isinstance(pool, urllib3.HTTPSConnectionPool):
            pool.ConnectionCls = _OneWriteHTTPSConnection
        else:
            pool.ConnectionCls = _OneWriteHTTPConnection
        return pool

    def _timeout(self, timeouts: Timeouts) -> urllib3.Timeout:
        timeout = self._timeouts.get(timeouts)
        if timeout is None:
            timeout = urllib3.Timeout(connect=timeouts.connect, read=timeouts.read)
            self._timeouts[timeouts] = timeout
        return timeout

    def send(
        self,
        method: str,
        url: str,
        headers: Mapping[str, str],
        body: bytes | None,
        timeouts: Timeouts,
    ) -> Response:
        # url is always absolute (built by the client): origin ends at the first "/" after "//".
        cut = url.find("/", url.find("//") + 2)
        origin, path = (url, "/") if cut < 0 else (url[:cut], url[cut:])
        pool = self._pool(origin)
        try:
            response = pool.urlopen(
                method,
                path,
                body=body,
                headers=headers,
                retries=False,
                redirect=False,
                timeout=self._timeout(timeouts),
                preload_content=True,
                assert_same_host=False,
            )
        except u3.ReadTimeoutError as exc:
            raise ReadTimeoutError(f"no response from {origin} within {timeouts.read} s") from exc
        except u3.SSLError as exc:
            raise ConnectionError(f"TLS failure talking to {origin}: {exc.__class__.__name__}") from exc
        except u3.NewConnectionError as exc:
            # Checked before its base class ConnectTimeoutError: a refusal is not a timeout.
            raise ConnectionError(f"could not connect to {origin}: {_reason(exc)}") from exc
        except u3.ConnectTimeoutError as exc:
            raise ConnectTimeoutError(f"could not connect to {origin} within {timeouts.connect} s") from exc
        except (u3.ProtocolError, u3.HTTPError, OSError) as exc:
            raise ConnectionError(f"connection to {origin} failed: {_reason(exc)}") from exc
        return Response(response.status, response.headers, response.data or b"")

    def close(self) -> None:
        with self._lock:
            pools, self._pools = self._pools, {}
        for pool in pools.values():
            pool.close()

    def __repr__(self) -> str:
        return f"<Urllib3Transport pools={len(self._pools)}>"


def _reason(exc: BaseException) -> str:
    """A short cause without the request (urllib3 messages can quote URLs, which may hold tokens)."""
    inner = exc.args[1] if len(exc.args) > 1 and isinstance(exc.args[1], BaseException) else exc
    return type(inner).__name__


__all__ = ["TransportError", "Urllib3Transport"]

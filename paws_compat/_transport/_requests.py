"""The transport: a requests Session's adapters carry every byte, with a client's network policy.

requests spends most of a call in per-call machinery (merging settings, reading the environment,
the cookie jar; Session.request 536 us against 247 us for HTTPAdapter.send with a ready request,
issue 10). Here what can be settled once per origin is: the adapter's connection pool, the proxy,
the trust store. A call then goes straight into that pool. When anything may change what the
Session would do (a patched or overridden `Session.send` or `HTTPAdapter.send`, as `responses`
and `requests-mock` install, a mounted adapter of another kind, response hooks), the call is sent
by `Session.send` instead, so requests' conventions hold either way.

Whichever way it went, a reply is complete or it is an error: its body is read under the call's
deadline and a size limit (after gzip/deflate decoding), an interim 1xx reply is skipped, and a
2xx reply with neither a length nor a body (a reply cut off inside its headers looks just so) is
a ConnectionError.
"""

from __future__ import annotations

import contextlib
import functools
import http.client
import io
import socket
import threading
import time
import zlib
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs
import requests
from requests import adapters as ra
from requests import exceptions as rx
from requests.structures import CaseInsensitiveDict
from urllib3 import exceptions as u3
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.response import BaseHTTPResponse
from urllib3.util.timeout import Timeout as U3Timeout

from .._errors import ConnectionError, ConnectTimeoutError, ReadTimeoutError, TransportError
from ._base import Response, Timeouts, Transport

if TYPE_CHECKING:
    from .._network import NetworkPolicy

# The model's largest reply is a GetTranscript page: 100 items of at most 16 KiB each, escaped.
MAX_RESPONSE_BYTES = 16 * 1024 * 1024
_CHUNK = 65536
_MAX_INTERIM = 16  # 1xx replies skipped before one request's final reply
_MAX_HEADER_LINES = 100


# ---- connections: one write per request, interim replies skipped, reads under the deadline -------

# The deadline of the call this thread is sending, if any: a reply begun under it reads under it.
_CALL = threading.local()


class _DeadlineReader(io.RawIOBase):
    """A socket's bytes for a reply, each wait bounded by what is left of the call's deadline: a
    server trickling its head (or body) a byte at a time resets a read timeout on every byte, and
    would hold the call for as long as it likes. Reads through the socket's own reader, which
    keeps the socket open until the reply is done with it (http.client closes the connection
    early for a reply read to its end)."""

    def __init__(self, raw: Any, sock: socket.socket, deadline: float) -> None:
        self._raw = raw
        self._sock = sock
        self._deadline = deadline
        self._timeout = sock.gettimeout()  # the read timeout urllib3 set for this reply

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int | None:
        left = self._deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("the call's deadline passed while the reply was arriving")
        timeout = self._timeout
        self._sock.settimeout(left if timeout is None or left < timeout else timeout)
        count: int | None = self._raw.readinto(buffer)
        return count

    def close(self) -> None:
        self._raw.close()
        super().close()


class _FinalResponse(http.client.HTTPResponse):
    """http.client skips a 100 Continue only; this skips every 1xx but 101 (103 Early Hints...),
    and reads under the call's deadline when the sending thread has one."""

    def __init__(self, sock: socket.socket, *args: Any, **kwargs: Any) -> None:
        super().__init__(sock, *args, **kwargs)
        deadline = getattr(_CALL, "deadline", None)
        if deadline is not None:
            self.fp = io.BufferedReader(_DeadlineReader(self.fp.detach(), sock, deadline))

    def _read_status(self) -> tuple[str, int, str]:
        for _ in range(_MAX_INTERIM):
            version, status, reason = super()._read_status()  # type: ignore[misc]
            if not 100 < status < 200 or status == 101:
                return version, status, reason  # 100 is skipped by begin() itself
            for _ in range(_MAX_HEADER_LINES + 1):
                line = self.fp.readline(65537)
                if line in (b"\r\n", b"\n", b""):
                    break
            else:
                raise http.client.HTTPException("an interim reply with too many header lines")
        raise http.client.HTTPException("too many interim (1xx) replies")


class _OneWrite:
    """Sends a request's head and its (small, in-memory) body in one write.

    urllib3 writes them separately; on loopback or a fast network the second write costs a
    system call and a wake-up of the peer on every call.
    """

    response_class: Any = _FinalResponse
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


class _HTTPConnection(_OneWrite, HTTPConnection):
    pass


class _HTTPSConnection(_OneWrite, HTTPSConnection):
    pass


class _HTTPPool(HTTPConnectionPool):
    ConnectionCls = _HTTPConnection


class _HTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _HTTPSConnection


class Adapter(ra.HTTPAdapter):
    """requests' HTTPAdapter with our connections (one write per request, 1xx skipped). Mounted
    on the Session a client makes for itself; a passed Session keeps its own adapters."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _HTTPPool, "https": _HTTPSPool}

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        manager = super().proxy_manager_for(proxy, **proxy_kwargs)
        manager.pool_classes_by_scheme = {"http": _HTTPPool, "https": _HTTPSPool}
        return manager


_FINAL_CLASSES: dict[type, type] = {}


def _read_replies_as_ours(pool: Any) -> None:
    """A passed Session's pool (requests' own HTTPAdapter, urllib3's connections) reads replies
    as ours do: 1xx skipped, under the call's deadline. Its connections get our response class
    (new ones by a subclass of its connection class, the idle ones it holds already directly);
    everything else about them stays the Session's."""
    cls = pool.ConnectionCls
    if getattr(cls, "response_class", None) is _FinalResponse:
        return
    final = _FINAL_CLASSES.get(cls)
    if final is None:
        final = type(cls.__name__, (cls,), {"response_class": _FinalResponse, "__module__": __name__})
        _FINAL_CLASSES[cls] = final
    pool.ConnectionCls = final
    for connection in list(getattr(pool.pool, "queue", None) or ()):
        if connection is not None:
            connection.response_class = _FinalResponse


def new_session(pool_maxsize: int = 10) -> requests.Session:
    """A Session as requests makes it, with our adapter mounted for http and https."""
    session = requests.Session()
    for prefix in ("https://", "http://"):
        session.mount(prefix, Adapter(pool_connections=10, pool_maxsize=pool_maxsize))
    return session


# ---- routes: what is settled once per origin -----------------------------------------------------


def _is_requests_own(function: Any, qualname: str) -> bool:
    return getattr(function, "__qualname__", None) == qualname and getattr(
        function, "__module__", ""
    ).startswith("requests.")


@attrs.frozen
class _Route:
    """One origin's way out: the adapter it was resolved for (and that adapter class's send, which
    `responses` patches in place), its proxies, and the pool to send into directly (None when the
    call must go through Session.send)."""

    adapter: Any
    adapter_send: Any
    proxies: dict[str, str]
    pool: Any
    absolute: bool


def _prepared(
    method: str, url: str, headers: Mapping[str, str], body: bytes | None
) -> requests.PreparedRequest:
    prepared = requests.PreparedRequest()
    prepared.method = method
    prepared.url = url
    prepared.headers = CaseInsensitiveDict(headers)
    if body is not None and "Content-Length" not in prepared.headers:
        prepared.headers["Content-Length"] = str(len(body))
    prepared.body = body
    prepared.hooks = {"response": []}
    prepared._cookies = None
    return prepared


class _Sender:
    """Sends for one network policy; shared by a client's transport and its attachment transfers."""

    def __init__(self, network: NetworkPolicy) -> None:
        self.network = network
        self._routes: dict[str, _Route] = {}
        self._timeouts: dict[tuple[float, float], U3Timeout] = {}
        self._lock = threading.Lock()

    def _route(self, origin: str, url: str, adapter: Any) -> _Route:
        route = self._routes.get(origin)
        if route is not None and route.adapter is adapter and route.adapter_send is type(adapter).send:
            return route
        network = self.network
        proxies = network.proxies_for(url)
        pool = None
        absolute = False
        session = network.session
        if (
            isinstance(adapter, ra.HTTPAdapter)
            and _is_requests_own(type(adapter).send, "HTTPAdapter.send")
            and _is_requests_own(type(adapter).add_headers, "HTTPAdapter.add_headers")
            and _is_requests_own(type(adapter).request_url, "HTTPAdapter.request_url")
        ):
            probe = _prepared("GET", origin + "/", {}, None)
            pool = adapter.get_connection_with_tls_context(
                probe, network.verify, proxies=proxies, cert=session.cert
            )
            adapter.cert_verify(pool, origin + "/", network.verify, session.cert)
            absolute = adapter.request_url(probe, proxies) != "/"
            _read_replies_as_ours(pool)
        route = _Route(adapter, type(adapter).send, proxies, pool, absolute)
        with self._lock:
            self._routes[origin] = route
        return route

    def _timeout(self, connect: float, read: float) -> U3Timeout:
        key = (connect, read)
        timeout = self._timeouts.get(key)
        if timeout is None:
            timeout = U3Timeout(connect=connect, read=read)
            if len(self._timeouts) < 64:
                self._timeouts[key] = timeout
        return timeout

    def send(
        self,
        method: str,
        url: str,
        headers: Mapping[str, str],
        body: bytes | None,
        timeouts: Timeouts,
        *,
        deadline: float | None = None,
        limit: int = MAX_RESPONSE_BYTES,
    ) -> Response:
        # url is always absolute (built by the client): origin ends at the first "/" after "//".
        cut = url.find("/", url.find("//") + 2)
        origin, path = (url, "/") if cut < 0 else (url[:cut], url[cut:])
        session = self.network.session
        adapter = session.get_adapter(url)
        connect, read = timeouts.connect, timeouts.read
        _CALL.deadline = deadline
        try:
            route = self._route(origin, url, adapter)
            if (
                route.pool is not None
                and not session.hooks["response"]
                and _is_requests_own(type(session).send, "Session.send")
            ):
                try:
                    raw = self._urlopen(
                        route, method, url if route.absolute else path, headers, body, connect, read
                    )
                except u3.ClosedPoolError:
                    # The adapter's manager dropped the pool (too many origins): settle it again.
                    with self._lock:
                        self._routes.pop(origin, None)
                    route = self._route(origin, url, adapter)
                    raw = self._urlopen(
                        route, method, url if route.absolute else path, headers, body, connect, read
                    )
                status, response_headers = raw.status, raw.headers
            else:
                prepared = _prepared(method, url, headers, body)
                prepared._cookies = requests.cookies.RequestsCookieJar()
                reply = session.send(
                    prepared,
                    stream=True,
                    timeout=(connect, read),
                    verify=self.network.verify,
                    proxies=route.proxies,
                    cert=session.cert,
                    allow_redirects=False,
                )
                raw, status, response_headers = reply.raw, reply.status_code, reply.headers
            content = _read_body(raw, response_headers, status, method, read, deadline, limit)
        except TransportError:
            raise  # ours already (a cut-off, oversized or overdue reply)
        except (rx.InvalidProxyURL, rx.InvalidSchema, u3.ProxySchemeUnknown):
            from .._errors import ConfigError
            from .._network import _PROXY_FORM

            # A setting to fix, not a network failure to retry.
            raise ConfigError(
                f"the proxy {self.network.describe_proxy(url)} for {origin} cannot be used ({_PROXY_FORM})"
            ) from None
        except (u3.ProxyError, rx.ProxyError) as exc:
            from .._network import proxy_error

            raise proxy_error(self.network, url, _reason(exc)) from None
        except (u3.ReadTimeoutError, rx.ReadTimeout, TimeoutError):
            if deadline is not None and time.monotonic() >= deadline:
                raise ReadTimeoutError(f"no whole reply from {origin} within the call's deadline") from None
            raise ReadTimeoutError(f"no response from {origin} within {read} s") from None
        except (u3.SSLError, rx.SSLError) as exc:
            raise ConnectionError(f"TLS failure talking to {origin}: {_reason(exc)}") from None
        except (u3.NewConnectionError, u3.NameResolutionError) as exc:
            # Checked before its base class ConnectTimeoutError: a refusal is not a timeout.
            raise ConnectionError(f"could not connect to {origin}: {_reason(exc)}") from None
        except (u3.ConnectTimeoutError, rx.ConnectTimeout):
            raise ConnectTimeoutError(f"could not connect to {origin} within {connect} s") from None
        except (
            rx.ChunkedEncodingError,
            rx.ContentDecodingError,
            u3.ProtocolError,
            http.client.HTTPException,
        ) as exc:
            raise ConnectionError(f"reply from {origin} cut short or malformed: {_reason(exc)}") from None
        except (rx.RequestException, u3.HTTPError, OSError) as exc:
            # requests' and urllib3's messages quote the URL, which may hold a view token or a
            # pre-signed URL's signature: the cause is named, the exception not chained.
            raise ConnectionError(f"connection to {origin} failed: {_reason(exc)}") from None
        finally:
            _CALL.deadline = None
        return Response(status, response_headers, content)

    def _urlopen(
        self,
        route: _Route,
        method: str,
        target: str,
        headers: Mapping[str, str],
        body: bytes | None,
        connect: float,
        read: float,
    ) -> Any:
        return route.pool.urlopen(
            method,
            target,
            body=body,
            headers=headers,
            retries=False,
            redirect=False,
            timeout=self._timeout(connect, read),
            preload_content=False,
            decode_content=False,
            assert_same_host=False,
        )

    def close(self) -> None:
        with self._lock:
            self._routes.clear()


# ---- reading a reply: complete, bounded, decoded ------------------------------------------------


class _Decoder:
    """gzip or deflate decoding with a bound on what one piece may inflate to."""

    def __init__(self, encoding: str) -> None:
        self._wbits = 31 if encoding in ("gzip", "x-gzip") else 15
        self._obj = zlib.decompressobj(self._wbits)
        self._first = True

    def feed(self, data: bytes, room: int) -> bytes:
        try:
            out = self._obj.decompress(data, room + 1)
        except zlib.error:
            if not (self._first and self._wbits == 15):
                raise
            # "deflate" sent raw, without the zlib header, as some servers do.
            self._wbits = -15
            self._obj = zlib.decompressobj(-15)
            out = self._obj.decompress(data, room + 1)
        self._first = False
        return out

    def more(self, room: int) -> bytes:
        """What the input already fed still inflates to (it stopped at the bound)."""
        tail = self._obj.unconsumed_tail
        return self._obj.decompress(tail, room + 1) if tail else b""

    def flush(self) -> bytes:
        return self._obj.flush()


def _read_body(
    raw: Any, headers: Any, status: int, method: str, read: float, deadline: float | None, limit: int
) -> bytes:
    encoding = str(headers.get("content-encoding") or "identity").strip().lower()
    decoder: _Decoder | None = None
    if encoding in ("gzip", "x-gzip", "deflate"):
        decoder = _Decoder(encoding)
    elif encoding != "identity":
        raw.close()
        raise ConnectionError(f"reply in an unsupported content-encoding {encoding!r}")
    chunks: list[bytes] = []
    size = 0
    if isinstance(raw, BaseHTTPResponse):
        read_piece: Any = functools.partial(raw.read1, decode_content=False)
    else:  # a file-like body from a mounted adapter of another kind
        read_piece = getattr(raw, "read1", None) or raw.read
    try:
        while True:
            if deadline is not None:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise ReadTimeoutError("the call's deadline passed while the reply was arriving")
                sock = _socket_of(raw)  # None once urllib3 has released the connection
                if sock is not None and left < read:
                    with contextlib.suppress(OSError):
                        sock.settimeout(left)
            piece = read_piece(_CHUNK)
            if not piece:
                if decoder is not None:
                    tail = decoder.flush()
                    size += len(tail)
                    chunks.append(tail)
                    if size > limit:
                        raise ConnectionError(
                            f"reply larger than the limit of {limit} bytes (after decoding)"
                        )
                break
            if decoder is not None:
                piece = decoder.feed(piece, limit - size)
                while piece:
                    size += len(piece)
                    chunks.append(piece)
                    if size > limit:
                        break
                    piece = decoder.more(limit - size)
            else:
                size += len(piece)
                chunks.append(piece)
            if size > limit:
                raise ConnectionError(f"reply larger than the limit of {limit} bytes (after decoding)")
    except BaseException:
        raw.close()
        raise
    body = b"".join(chunks)
    if (
        not body
        and 200 <= status < 300
        and status not in (204, 205)
        and method != "HEAD"
        and headers.get("content-length") is None
        and "chunked" not in str(headers.get("transfer-encoding", "")).lower()
    ):
        # Neither a length nor a body: the reply was cut off (inside its headers, or after the
        # status line) and nothing says it is complete.
        raw.close()
        raise ConnectionError(f"incomplete reply: HTTP {status} with no length and no body")
    release = getattr(raw, "release_conn", None)
    if release is not None:
        release()
    return body


def _socket_of(raw: Any) -> Any:
    connection = getattr(raw, "_connection", None)
    return getattr(connection, "sock", None)


def _reason(exc: BaseException) -> str:
    """A short cause without the request (urllib3 and requests quote URLs, which may hold tokens)."""
    seen: set[int] = set()
    cause: BaseException = exc
    while id(cause) not in seen:
        seen.add(id(cause))
        inner = getattr(cause, "reason", None)
        if isinstance(inner, BaseException):
            cause = inner
            continue
        nested = next((a for a in cause.args if isinstance(a, BaseException)), None)
        if nested is not None:
            cause = nested
            continue
        break
    return type(cause).__name__


def send_once(
    network: NetworkPolicy,
    method: str,
    url: str,
    headers: Mapping[str, str],
    body: bytes | None,
    timeouts: Timeouts,
    *,
    limit: int = MAX_RESPONSE_BYTES,
) -> Response:
    """One request with a policy's shared sender (attachment transfers)."""
    sender = sender_for(network)
    deadline = time.monotonic() + (timeouts.connect or 0) + (timeouts.read or 0)
    return sender.send(method, url, headers, body, timeouts, deadline=deadline, limit=limit)


def sender_for(network: NetworkPolicy) -> _Sender:
    """The policy's one sender (its routes are shared by REST and attachment transfers)."""
    sender = network.sender
    if sender is None:
        sender = _Sender(network)
        network.sender = sender
    return sender


class RequestsTransport(Transport):
    """Sends through a requests Session: `session` (a new one, with our adapter, when None).

    Given to a client, it takes the client's network policy (trust store from config verify,
    AWS_CA_BUNDLE..., see paws_compat._network); on its own, the Session's settings and the
    environment as requests reads them. verify: True, False or a CA bundle path, as config
    verify (None leaves it to the policy).
    """

    def __init__(self, session: requests.Session | None = None, *, verify: bool | str | None = None) -> None:
        self.session = session if session is not None else new_session()
        self.verify = verify
        self.owns_session = session is None
        self._sender: _Sender | None = None

    @property
    def network(self) -> NetworkPolicy:
        if self._sender is None:
            from .. import _network

            policy = _network.build(
                session=self.session,
                config_verify=True if self.verify is None else self.verify,
                aws_bundle=None,
                allow_http=True,
            )
            policy.own_session = self.owns_session
            self.use(policy)
        assert self._sender is not None
        return self._sender.network

    def use(self, network: NetworkPolicy) -> None:
        """Send with `network` (the client this transport is given to calls it)."""
        self._sender = sender_for(network)

    def send(
        self,
        method: str,
        url: str,
        headers: Mapping[str, str],
        body: bytes | None,
        timeouts: Timeouts,
        *,
        deadline: float | None = None,
    ) -> Response:
        sender = self._sender
        if sender is None:
            self.network  # noqa: B018 - settles the policy
            sender = self._sender
            assert sender is not None
        return sender.send(method, url, headers, body, timeouts, deadline=deadline)

    def close(self) -> None:
        # Only a Session we made is ours to close; a caller's Session stays theirs.
        if self._sender is not None:
            self._sender.close()
        if self.owns_session:
            self.session.close()

    def __repr__(self) -> str:
        return f"<RequestsTransport session={type(self.session).__name__}>"

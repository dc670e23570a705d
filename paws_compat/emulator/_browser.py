"""Browser rules, without any I/O: which origins may call (CORS) and which Host names are served.

AWS's endpoints answer CORS for any origin, since a chat widget runs on the customer's site. The
emulator holds tokens for whoever asks its control API, so it is kinder only to loopback pages
(http(s)://localhost, 127.0.0.0/8, [::1], any port) and to origins the user adds (`cors_origins`,
``--cors-origin``). A request from any other origin is refused outright (403), not merely left
without CORS headers: a cross-site "simple" POST needs no preflight and would otherwise change state.

The Host header must name what the emulator serves (loopback names, IP literals, `allowed_hosts`):
a page that rebinds its own DNS name to 127.0.0.1 (DNS rebinding) then sends its own name as Host
and is refused, so it cannot drive a loopback emulator from the developer's browser.
"""

from __future__ import annotations

import functools
import ipaddress
import urllib.parse
from collections.abc import Iterable, Mapping

# Methods the emulator's routes use.
ALLOW_METHODS = "GET, POST, PUT, DELETE, OPTIONS"
# What AWS's JS SDK (v2, bundled by amazon-connect-chatjs, and v3) sends on a Participant Service
# call, plus what an attachment upload echoes from HeadersToInclude.
_ALLOWED_HEADERS = frozenset(
    {
        "content-type",
        "content-disposition",
        "content-md5",
        "authorization",
        "x-amz-bearer",
        "x-amz-date",
        "x-amz-user-agent",
        "x-amz-content-sha256",
        "x-amz-security-token",
        "x-amz-target",
        "amz-sdk-invocation-id",
        "amz-sdk-request",
        "x-amz-client-context",
    }
)
_ALLOWED_PREFIXES = ("x-amz-meta-", "x-amz-", "x-amzn-")
# Response headers a page may read: the error type and request id (AWS's JS SDK reads
# x-amzn-ErrorType to name the error; without it a page sees "400"), S3's ids, retry hints.
EXPOSE_HEADERS = ", ".join(
    (
        "x-amzn-RequestId",
        "x-amzn-ErrorType",
        "x-amzn-ErrorMessage",
        "x-amz-request-id",
        "x-amz-id-2",
        "x-amz-retry-after",
        "Retry-After",
        "Date",
        "ETag",
        "Content-Length",
        "Content-Disposition",
    )
)
PREFLIGHT_MAX_AGE = "600"
_LOOPBACK_NAMES = ("localhost",)


def _is_loopback_host(host: str) -> bool:
    host = host.strip("[]").lower()
    if host in _LOOPBACK_NAMES or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def origin_allowed(origin: str, extra: Iterable[str]) -> bool:
    """True for a loopback http(s) origin, an origin in `extra`, or any origin when `extra` has *."""
    extra = tuple(extra)
    if "*" in extra or origin in extra:
        return True
    parts = urllib.parse.urlsplit(origin)
    if parts.scheme not in ("http", "https") or parts.path or parts.query:
        return False
    try:
        host = parts.hostname
    except ValueError:
        return False
    return host is not None and _is_loopback_host(host)


def split_host(host: str) -> str:
    """The name in a Host header, without port or IPv6 brackets, lower case."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1 : host.find("]")] if "]" in host else host
    if host.count(":") == 1:
        return host.rsplit(":", 1)[0]
    return host


def host_allowed(host: str | None, extra: Iterable[str]) -> bool:
    """True when the Host header names the emulator: loopback, an IP literal, or a name in `extra`.

    IP literals are safe from rebinding (an attacker's page cannot send another site's literal as
    its own origin's Host); names are not, so only loopback names and listed ones pass.
    """
    if not host:
        return False
    return _host_allowed(host, extra if isinstance(extra, tuple) else tuple(extra))


# Every request asks, almost always with the same one or two Host values: parsing an IP literal
# each time cost a tenth of SendMessage's time. Bounded, so a stream of made-up Hosts cannot grow it.
@functools.lru_cache(maxsize=256)
def _host_allowed(host: str, extra: tuple[str, ...]) -> bool:
    name = split_host(host)
    if _is_loopback_host(name) or name in extra:
        return True
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def preflight_headers(origin: str, requested: str | None) -> dict[str, str] | None:
    """The answer headers to a preflight from an allowed origin; None when a header is not allowed."""
    wanted = [h.strip().lower() for h in (requested or "").split(",") if h.strip()]
    for header in wanted:
        if header not in _ALLOWED_HEADERS and not header.startswith(_ALLOWED_PREFIXES):
            return None
    headers = response_headers(origin)
    headers["Access-Control-Allow-Methods"] = ALLOW_METHODS
    if wanted:
        headers["Access-Control-Allow-Headers"] = ", ".join(wanted)
    headers["Access-Control-Max-Age"] = PREFLIGHT_MAX_AGE
    return headers


def response_headers(origin: str) -> dict[str, str]:
    """CORS headers on an answer to an allowed origin (no credentials: tokens travel in headers)."""
    return {
        "Access-Control-Allow-Origin": origin,
        "Access-Control-Expose-Headers": EXPOSE_HEADERS,
        "Vary": "Origin",
    }


def websocket_base(bound_host: str, port: int, request_host: str | None) -> str:
    """The ws:// base for websocket URLs: the bound address, never a name from the Host header.

    amazon-connect-chatjs accepts only wss:// URLs or ws://127.0.0.1: ones; a Host header must not
    be copied into a URL. Bound to a wildcard, the IP literal the client used is kept (a client on
    another machine), else 127.0.0.1.
    """
    return "ws://" + authority(bound_host, port, request_host) + "/ws"


def authority(bound_host: str, port: int, request_host: str | None) -> str:
    """host:port the emulator's own URLs use (see `websocket_base`)."""
    host = "127.0.0.1" if bound_host == "localhost" else bound_host
    if host in ("", "0.0.0.0", "::"):
        host = "127.0.0.1"
        if request_host:
            name = split_host(request_host)
            try:
                ipaddress.ip_address(name)
            except ValueError:
                pass
            else:
                host = name
    if ":" in host:
        host = f"[{host}]"
    return f"{host}:{port}"


def lower_headers(headers: Mapping[str, str]) -> dict[str, str]:
    return {k.lower(): v for k, v in headers.items()}

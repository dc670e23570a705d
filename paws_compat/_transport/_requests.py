"""A transport over a `requests.Session`: for proxies, custom adapters and requests-based tools.

It costs more CPU per call than the default transport; choose it for what the Session brings.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import requests
from requests import exceptions as rx

from .._errors import ConnectionError, ConnectTimeoutError, ReadTimeoutError
from ._base import Response, Timeouts, Transport


class RequestsTransport(Transport):
    """Sends through `session` (a new Session when None). verify=None keeps the Session's own
    TLS setting; True, False or a CA bundle path overrides it for every request."""

    def __init__(self, session: requests.Session | None = None, *, verify: bool | str | None = None) -> None:
        self._own_session = session is None
        self.session = session if session is not None else requests.Session()
        self._verify = verify

    def send(
        self,
        method: str,
        url: str,
        headers: Mapping[str, str],
        body: bytes | None,
        timeouts: Timeouts,
    ) -> Response:
        kwargs: dict[str, Any] = {
            "headers": dict(headers),
            "data": body,
            "timeout": (timeouts.connect, timeouts.read),
            "allow_redirects": False,
        }
        if self._verify is not None:
            kwargs["verify"] = self._verify
        if url.startswith("http://") and _is_loopback_url(url):
            # Plain http is allowed only because the peer is this machine: a proxy from the
            # environment would carry the token off it in clear text (and reach the wrong host).
            kwargs["proxies"] = _NO_PROXY
        # Errors are raised `from None`: requests' own messages quote the URL, and a URL can hold a
        # view token (DescribeView), so its exceptions must not ride along in tracebacks.
        try:
            response = self.session.request(method, url, **kwargs)
            content = response.content
        except rx.ConnectTimeout:
            raise ConnectTimeoutError(f"could not connect within {timeouts.connect} s") from None
        except rx.ReadTimeout:
            raise ReadTimeoutError(f"no response within {timeouts.read} s") from None
        except rx.SSLError:
            raise ConnectionError("TLS failure") from None
        except rx.ConnectionError as exc:
            raise ConnectionError(f"connection failed: {_reason(exc)}") from None
        except (rx.ChunkedEncodingError, rx.ContentDecodingError) as exc:
            raise ConnectionError(f"response cut short: {type(exc).__name__}") from None
        except rx.RequestException as exc:
            raise ConnectionError(f"request failed: {type(exc).__name__}") from None
        return Response(response.status_code, response.headers, content or b"")

    def close(self) -> None:
        # Only a Session we made is ours to close; a caller's Session stays theirs.
        if self._own_session:
            self.session.close()

    def __repr__(self) -> str:
        return f"<RequestsTransport session={type(self.session).__name__}>"


_NO_PROXY: dict[str, None] = {"http": None, "all": None}


def _is_loopback_url(url: str) -> bool:
    from urllib.parse import urlsplit

    from .._config import is_loopback

    host = urlsplit(url).hostname
    return host is not None and is_loopback(host)


def _reason(exc: BaseException) -> str:
    # requests' messages quote the URL, which may hold a view token: name the cause only.
    cause: BaseException = exc
    while cause.__context__ is not None and cause is not cause.__context__:
        cause = cause.__context__
    return type(cause).__name__

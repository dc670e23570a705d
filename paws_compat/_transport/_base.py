"""The transport interface: one request out, one complete response back, or a TransportError."""

from __future__ import annotations

import abc
from collections.abc import Mapping

import attrs


@attrs.frozen
class Timeouts:
    """Seconds to wait for a connection, and between bytes of the response."""

    connect: float
    read: float


def _size(body: bytes) -> str:
    # Bodies carry tokens (ConnectionCredentials): only their size is shown.
    return f"<{len(body)} bytes>"


@attrs.frozen
class Response:
    """A complete HTTP response. `headers` is looked up case-insensitively."""

    status: int
    headers: Mapping[str, str] = attrs.field(repr=False, eq=False)
    body: bytes = attrs.field(repr=_size)


class Transport(abc.ABC):
    """Sends one HTTP request. Implementations must be safe to share between threads."""

    @abc.abstractmethod
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
        """Send and read the whole response; raise ConnectionError, ConnectTimeoutError or
        ReadTimeoutError (from paws_compat.errors) when no complete response arrives. Never
        follows redirects and never retries: retrying is the client's job.

        deadline: the `time.monotonic()` instant the whole call must be over by (the client's
        config call_timeout, the same for every attempt): a reply still arriving then is a
        ReadTimeoutError, however steadily its bytes trickle in. None: only `timeouts` bound
        the waits."""

    def close(self) -> None:  # noqa: B027 - optional: a transport without pools has nothing to release
        """Release pooled connections. The transport may be used again afterwards."""

    def __enter__(self) -> Transport:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

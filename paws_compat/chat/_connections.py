"""Connections (part of ChatProtocol): CreateParticipantConnection one at a time, its answers,
ConnectionToken refresh, reconnects with backoff and equal jitter, and outages."""

from __future__ import annotations

from collections.abc import Callable

from ._state import ProtocolState
from ._values import ConnectionEvent, Failure, Grant, RequestConnection, State


class ConnectionRules(ProtocolState):
    """The connection part of ChatProtocol."""

    _connect_participant: bool
    _connection_types: tuple[str, ...]
    _stale_url_refused: bool
    _token_refresh_at: float | None
    _short_tokens: int
    _random: Callable[[], float]

    def connection_granted(self, now: float, request_id: int, grant: Grant) -> None:
        self._observe(now)
        if request_id != self._connection_request:
            return
        self._connection_request = None
        asked_socket = "WEBSOCKET" in self._connection_types
        # The backoff is not reset here: a grant only proves the REST call works. A socket that
        # opens and dies at once would otherwise start a new cycle at once, forever.
        self._connection_retry_at = None
        self._connect_participant = False  # joined once; later connections only reconnect
        if grant.connection_token:
            self.connection_token = grant.connection_token
            self._schedule_token_refresh(now, grant.token_expires_in)
        if self.state.terminal:
            return
        fill = self._fill
        if fill is not None and fill.request_id is None and fill.retry_at is None:
            fill.retry_at = now  # a fill waited for a fresh token
        if self._socket_wanted:
            fresh = grant.url_expires_in is None or grant.url_expires_in > self.config.url_open_margin
            # A URL that looks spent is refused once; the next is tried whatever it looks like, since
            # a wrong local clock can make every URL look spent (and the handshake will tell).
            if grant.url is not None and (fresh or self._stale_url_refused):
                self._stale_url_refused = False
                self._socket_wanted = False
                self._open(now, grant.url)
            elif asked_socket:
                self._stale_url_refused = grant.url is not None
                self._schedule_connection_retry(now)
            else:
                self._request_connection(now)
        self._after_change(now)

    def connection_failed(self, now: float, request_id: int, failure: Failure, reason: str = "") -> None:
        self._observe(now)
        if request_id != self._connection_request:
            return
        self._connection_request = None
        if self.state.terminal:
            return
        if failure is Failure.DENIED:
            if not self._ever_subscribed:
                self._break(now, reason or "CreateParticipantConnection was denied")
            else:
                self._chat_ended_remotely(now, reason or "denied after a drop: the chat ended")
            return
        if failure is Failure.FATAL or (failure is Failure.PROXY and not self._ever_subscribed):
            # A proxy that is not there before the chat ever connected is configuration: say so
            # now, not when start() times out. Once connected, a proxy restarting is waited out.
            self._break(now, reason or "CreateParticipantConnection failed")
            return
        self._schedule_connection_retry(now)
        self._after_change(now)

    def _want_socket(self, now: float) -> None:
        """Get a new websocket URL: now, or when the request in flight (or its retry) answers."""
        self._socket_wanted = True
        if self._connection_request is None and self._connection_retry_at is None:
            self._request_connection(now)

    def _request_connection(self, now: float) -> None:
        """One CreateParticipantConnection at a time (duplicates get throttled by the service)."""
        if self._connection_request is not None:
            return
        if self._socket_wanted:
            types: tuple[str, ...] = ("WEBSOCKET", "CONNECTION_CREDENTIALS")
        else:
            types = ("CONNECTION_CREDENTIALS",)
        request_id = self._new_id()
        self._connection_request = request_id
        self._connection_types = types
        self.stats["connection_requests"] += 1
        self._actions.append(RequestConnection(request_id, types, self._connect_participant))

    def _schedule_token_refresh(self, now: float, life: float | None) -> None:
        """Ask for a new ConnectionToken `token_refresh_margin` before it expires, but no later than
        halfway through its life: with a token shorter-lived than the margin, the refresh was due
        as soon as it was granted, and asked again at once, forever. A token that comes (nearly)
        spent is asked for again no faster than the reconnect backoff."""
        if life is None:
            self._token_refresh_at = None
            return
        wait = max(life - self.config.token_refresh_margin, life / 2)
        if wait >= self.config.reconnect_initial:
            self._short_tokens = 0
        else:
            self._short_tokens += 1
            wait = max(wait, self._backoff_ceiling(self._short_tokens))
        self._token_refresh_at = now + wait

    def _schedule_connection_retry(self, now: float) -> None:
        self._connection_attempts += 1
        self._connection_retry_at = now + self._backoff(self._connection_attempts)

    def _backoff(self, attempt: int) -> float:
        """Equal jitter: half the doubled delay for sure, the other half at random."""
        if attempt <= 0:
            return 0.0
        delay = self._backoff_ceiling(attempt)
        return delay / 2 + self._random() * delay / 2

    def _backoff_ceiling(self, attempt: int) -> float:
        """reconnect_initial doubled per attempt after the first, up to reconnect_max."""
        # The exponent is capped: after ~1,000 attempts (hours offline) 2.0**n overflows a float.
        return min(self.config.reconnect_max, self.config.reconnect_initial * 2.0 ** min(attempt - 1, 30))

    def _reconnect(self, now: float) -> None:
        """The live socket is gone: the first reconnect is immediate, later ones wait the backoff
        until a connection proves stable (a socket that connects and dies again must not spin)."""
        if not self._quick_reconnect_spent:
            self._quick_reconnect_spent = True
            self._want_socket(now)
            return
        self._socket_wanted = True
        if self._connection_request is None and self._connection_retry_at is None:
            self._schedule_connection_retry(now)

    def _begin_outage(self, now: float, reason: str) -> None:
        self.state = State.RECONNECTING if self._ever_subscribed else State.CONNECTING
        if self._ever_subscribed and not self._lost_announced:
            self._lost_announced = True
            self._events.append(ConnectionEvent("connection_lost", reason))
        if self._outage_since is None:
            self._outage_since = now

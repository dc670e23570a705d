"""Each websocket's rules (part of ChatProtocol): open, subscribe and its resends, ping and
heartbeat, dead-socket detection, stability, make-before-break rotation, frames in."""

from __future__ import annotations

import logging
from typing import Any

from ._frames import item_from_frame, parse_frame
from ._state import ProtocolState, _Phase, _Socket
from ._values import (
    HEARTBEAT_FRAME,
    PING_FRAME,
    SUBSCRIBE_FRAME,
    CloseSocket,
    ConnectionEvent,
    OpenSocket,
    SendFrame,
    State,
)

logger = logging.getLogger("paws_compat.chat")


class SocketRules(ProtocolState):
    """The socket half of ChatProtocol."""

    def socket_opened(self, now: float, socket_id: int) -> None:
        self._observe(now)
        sock = self._sockets.get(socket_id)
        if sock is None or sock.phase is not _Phase.OPENING:
            return
        sock.phase = _Phase.SUBSCRIBING
        sock.opened_at = now
        self._send_subscribe(now, sock)
        self._send_heartbeat(now, sock)
        self._after_change(now)

    def socket_failed(self, now: float, socket_id: int, reason: str = "") -> None:
        """The socket could not open (refused handshake, expired URL, network error, timeout)."""
        self._observe(now)
        self._socket_gone(now, socket_id, reason or "websocket failed to open")

    def socket_refused(self, now: float, socket_id: int, reason: str) -> None:
        """The websocket URL the service handed out breaks the client's network policy (clear text
        off this machine): never opened, and the session breaks with the reason (asking again
        gets a URL of the same kind)."""
        self._observe(now)
        if socket_id not in self._sockets or self.state.terminal:
            return
        self._forget_socket(socket_id)
        self._break(now, reason)

    def socket_closed(self, now: float, socket_id: int, code: int | None = None, reason: str = "") -> None:
        self._observe(now)
        self._socket_gone(now, socket_id, reason or f"websocket closed ({code})")

    def frame_received(self, now: float, socket_id: int, text: str | bytes) -> None:
        """Anything a socket sends is taken: a frame that is not what websocket.md describes (not
        JSON, too big, nested too deep, members of the wrong type) is skipped with a warning."""
        self._observe(now)
        sock = self._sockets.get(socket_id)
        if sock is None:
            return
        self.stats["frames"] += 1
        frame, problem = parse_frame(text, self.config.max_frame_bytes)
        if frame is None:
            self._skip_frame(socket_id, problem)
            return
        try:
            self._dispatch_frame(now, sock, frame)
        except Exception as error:  # a rule that did not foresee some shape: skip it, stay alive
            self._skip_frame(socket_id, f"it could not be handled ({type(error).__name__})")
        self._after_change(now)

    def _dispatch_frame(self, now: float, sock: _Socket, frame: dict[str, Any]) -> None:
        socket_id = sock.socket_id
        topic = frame.get("topic")
        if topic == "aws/heartbeat":
            sock.heartbeat_outstanding = False
            self._check_stable(now, sock)
        elif topic == "aws/ping":
            sock.ping_outstanding = False
            status = frame.get("statusCode")
            if status == 200:
                self._events.append(ConnectionEvent("deep_heartbeat_success"))
            else:
                content = frame.get("statusContent")
                shown = f" {content[:100]}" if isinstance(content, str) else ""
                self._events.append(
                    ConnectionEvent("deep_heartbeat_failure", f"aws/ping answered {status}{shown}")
                )
            if isinstance(status, int) and status >= 500:
                self._socket_gone(now, socket_id, f"ping answered {status}")
        elif topic == "aws/subscribe":
            self._subscribe_answer(now, sock, frame.get("content"))
        elif topic == "aws/chat":
            item, problem = item_from_frame(frame)
            if item is None:
                self._skip_frame(socket_id, problem)
            else:
                self._accept(now, item)
        elif topic is None and ("message" in frame or "statusCode" in frame):
            # An error frame ("Forbidden"): this socket is no longer serving us.
            message = frame.get("message")
            shown = message[:100] if isinstance(message, str) else ""
            self._socket_gone(now, socket_id, f"service error frame: {shown}")

    def _skip_frame(self, socket_id: int, problem: str) -> None:
        self.stats["frames_skipped"] += 1
        logger.warning("chat frame skipped on websocket %d: %s", socket_id, problem)

    def _open(self, now: float, url: str) -> None:
        if self._candidate is not None:
            self._forget_socket(self._candidate)
        socket_id = self._new_id()
        self._sockets[socket_id] = _Socket(socket_id)
        self._candidate = socket_id
        self._actions.append(OpenSocket(socket_id, url))

    def _send(self, socket_id: int, text: str) -> None:
        self._actions.append(SendFrame(socket_id, text))

    def _send_subscribe(self, now: float, sock: _Socket) -> None:
        sock.subscribe_sends += 1
        sock.subscribe_unanswered += 1
        sock.subscribe_due = now + self.config.subscribe_ack_timeout
        self._send(sock.socket_id, SUBSCRIBE_FRAME)

    def _send_heartbeat(self, now: float, sock: _Socket) -> None:
        if sock.heartbeat_due is not None:
            self.heartbeat_late_max = max(self.heartbeat_late_max, now - sock.heartbeat_due)
        self.stats["heartbeats"] += 1
        self._send(sock.socket_id, PING_FRAME)
        self._send(sock.socket_id, HEARTBEAT_FRAME)
        sock.heartbeat_outstanding = True
        sock.ping_outstanding = True
        sock.heartbeat_due = now + self.config.heartbeat_interval

    def _subscribe_timer(self, now: float, sock: _Socket) -> None:
        if sock.resend_after_failure:
            sock.resend_after_failure = False
            self._send_subscribe(now, sock)
        elif sock.subscribe_unanswered >= self.config.subscribe_max_sends:
            self._socket_gone(now, sock.socket_id, "subscribe never acknowledged")
        else:
            self._send_subscribe(now, sock)

    def _subscribe_answer(self, now: float, sock: _Socket, content: Any) -> None:
        if sock.phase is not _Phase.SUBSCRIBING:
            return
        sock.subscribe_unanswered = 0
        status = content.get("status") if isinstance(content, dict) else None
        if status == "success":
            sock.phase = _Phase.LIVE
            sock.live_since = now
            sock.subscribe_due = None
            self._promote(now, sock)
            return
        sock.subscribe_failures += 1
        if sock.subscribe_failures >= self.config.subscribe_failure_max:
            self._socket_gone(now, sock.socket_id, "subscribe kept failing")
            return
        sock.resend_after_failure = True
        sock.subscribe_due = now + self.config.subscribe_failure_retry

    def _promote(self, now: float, sock: _Socket) -> None:
        """The candidate socket is subscribed: it becomes the one we rely on."""
        if self._candidate == sock.socket_id:
            self._candidate = None
        old = self._primary
        self._primary = sock.socket_id
        self._rotation_due = now + self.config.rotate_after
        self._rotation_failures = 0
        if old is not None and old != sock.socket_id:
            # Make-before-break. The old socket may lag the new one (another route): what is still
            # in flight on it is read for `rotation_linger` seconds (dedup drops the overlap), and a
            # gap fill from the last delivered item finds whatever would still fall between the two;
            # it also holds the new socket's items back until it is done, so the order is kept.
            self._linger(now, old)
            self._start_fill(now)
            return
        first = not self._ever_subscribed
        self._ever_subscribed = True
        was_lost = self._lost_announced
        self.state = State.CONNECTED
        self._outage_since = None
        self._lost_announced = False
        if was_lost:
            self._events.append(ConnectionEvent("connection_regained"))
        if not first:
            self.stats["reconnects"] += 1
        if not first or self.config.deliver_history:
            self._start_fill(now)
        else:
            self._start_fill(now, history=True)

    def _linger(self, now: float, socket_id: int) -> None:
        """Keep reading a replaced socket a while; it is no longer watched (no heartbeats)."""
        sock = self._sockets.get(socket_id)
        if sock is None:
            return
        if self._primary == socket_id:
            self._primary = None
        if self.config.rotation_linger <= 0:
            self._forget_socket(socket_id)
            return
        sock.linger_until = now + self.config.rotation_linger
        sock.subscribe_due = None
        sock.heartbeat_due = None
        sock.heartbeat_outstanding = False

    def _socket_gone(self, now: float, socket_id: int, reason: str) -> None:
        if socket_id not in self._sockets:
            return
        was_primary = socket_id == self._primary
        was_candidate = socket_id == self._candidate
        self._forget_socket(socket_id)
        if self.state.terminal:
            return
        if was_primary:
            self._begin_outage(now, reason)
            if self._candidate is None:
                self._reconnect(now)
            # else: a rotation was under way; its socket takes over and fills the gap when acked.
        elif was_candidate:
            if self._primary is not None:
                # A rotation attempt failed while the old socket still works: try again later,
                # waiting longer after each failure in a row (up to reconnect_max).
                self._rotation_failures += 1
                self._rotation_due = now + self._backoff(self._rotation_failures + 1)
                return
            self._socket_wanted = True
            self._schedule_connection_retry(now)

    def _stable_at(self, sock: _Socket) -> float | None:
        """When the live primary socket counts as stable, if it is not yet."""
        if sock.stable or sock.live_since is None or sock.socket_id != self._primary:
            return None
        return sock.live_since + min(self.config.stable_after, self.config.heartbeat_interval)

    def _check_stable(self, now: float, sock: _Socket) -> None:
        """A socket that stays live `stable_after` seconds (at most a heartbeat interval) with its
        heartbeat answered is a working connection, even if something cuts it a little later (a
        proxy that ends sockets every few seconds): waiting for the heartbeat tick left sockets
        shorter-lived than the interval never stable, and their reconnects climbed to 30 s.
        A socket that dies right after connecting (ping 500, a refused subscribe) never gets here."""
        due = self._stable_at(sock)
        if due is not None and now >= due and not sock.heartbeat_outstanding and sock.phase is _Phase.LIVE:
            self._proven_stable(sock)

    def _proven_stable(self, sock: _Socket) -> None:
        """The next drop may reconnect at once again, and its backoff starts from the beginning."""
        sock.stable = True
        self._connection_attempts = 0
        self._quick_reconnect_spent = False

    def _forget_socket(self, socket_id: int) -> None:
        self._sockets.pop(socket_id, None)
        if self._primary == socket_id:
            self._primary = None
            self._rotation_due = None
        if self._candidate == socket_id:
            self._candidate = None
        self._actions.append(CloseSocket(socket_id))

"""Faults on demand: what tests and soak runs use to make the emulator misbehave like a real network.

Rules are plain data, added from Python (``emu.faults.add(...)``) or from the HTTP control interface
(``POST /_emulator/faults``), matched per request by operation name, and used up by ``count``.
Websocket faults are switches read by the socket handler. Everything here is safe to call from any
thread: the server's event loop only reads and decrements under a lock.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from paws_compat._model import load_model
from paws_compat.emulator._service import ERROR_STATUS

_ERROR_BY_STATUS = {
    400: "ValidationException",
    402: "ServiceQuotaExceededException",
    403: "AccessDeniedException",
    404: "ResourceNotFoundException",
    409: "ConflictException",
    429: "ThrottlingException",
    500: "InternalServerException",
    502: "BadGatewayException",
    503: "ServiceUnavailableException",
    504: "GatewayTimeoutException",
}

WEBSOCKET_FAULTS = ("drop", "silent_heartbeat", "ping_500", "subscribe_failure", "refuse_handshake")


@cache
def _known_operations() -> frozenset[str]:
    names: set[str] = set()
    for service in ("connectparticipant", "connect"):
        names.update(load_model(service).operations)
    return frozenset(names)


@dataclass
class Fault:
    """One rule. `status=None` with a delay means "slow but correct"; `rate` throttles above N calls/s."""

    operation: str | None = None
    status: int | None = 500
    error_type: str | None = None
    message: str = "Injected fault"
    delay: float = 0.0
    drop: bool = False
    non_json: bool = False
    count: int | None = 1
    rate: float | None = None
    fired: int = 0
    _allowance: float = field(default=0.0, repr=False)
    _last: float = field(default_factory=time.monotonic, repr=False)

    def __post_init__(self) -> None:
        if self.operation is not None and self.operation not in _known_operations():
            raise ValueError(f"unknown operation {self.operation!r} for a fault")
        if self.count is not None and self.count < 1:
            raise ValueError("count must be at least 1, or None for a fault that lasts until cleared")
        if self.rate is not None:
            if self.rate <= 0:
                raise ValueError("rate must be positive (calls per second)")
            self._allowance = self.rate
            if self.status == 500 and self.error_type is None:
                self.status = 429
        if self.delay < 0:
            raise ValueError("delay must not be negative")

    @property
    def is_error(self) -> bool:
        return self.status is not None or self.drop

    def _admits(self) -> bool:
        """Token bucket of `rate` calls per second: True when this call is within the rate."""
        assert self.rate is not None
        moment = time.monotonic()
        self._allowance = min(self.rate, self._allowance + (moment - self._last) * self.rate)
        self._last = moment
        if self._allowance >= 1.0:
            self._allowance -= 1.0
            return True
        return False

    def error_for(self, modelled: tuple[str, ...]) -> str:
        """The error code to answer: the one asked for, else the operation's modelled error of that
        status (connect says InternalServiceException where the Participant Service says
        InternalServerException), else the usual code for the status."""
        if self.error_type is not None:
            return self.error_type
        usual = _ERROR_BY_STATUS.get(self.status or 500, "InternalServerException")
        if usual in modelled:
            return usual
        for code in modelled:
            if ERROR_STATUS.get(code) == self.status:
                return code
        return usual

    def to_dict(self) -> dict[str, Any]:
        return {
            "operation": self.operation,
            "status": self.status,
            "error_type": self.error_type,
            "message": self.message,
            "delay": self.delay,
            "drop": self.drop,
            "non_json": self.non_json,
            "count": self.count,
            "rate": self.rate,
            "fired": self.fired,
        }


@dataclass
class _SocketSwitches:
    silent_heartbeat: int = 0
    ping_500: int = 0
    subscribe_failure: int = 0
    refuse_handshake: int = 0


class Faults:
    """The fault table of one emulator (``emu.faults``)."""

    FOREVER = -1

    def __init__(self, drop_sockets: Callable[[str | None, str | None], int] | None = None) -> None:
        self._lock = threading.Lock()
        self._rules: list[Fault] = []
        self._switches = _SocketSwitches()
        self._drop_sockets = drop_sockets

    # -- REST ------------------------------------------------------------------------------------

    def add(
        self,
        operation: str | None = None,
        status: int | None = 500,
        error_type: str | None = None,
        message: str = "Injected fault",
        delay: float = 0.0,
        drop: bool = False,
        non_json: bool = False,
        count: int | None = 1,
        rate: float | None = None,
    ) -> Fault:
        """Make the next `count` calls of `operation` (None: any AWS operation) fail or stall.

        `drop` closes the connection without an answer; `non_json` answers an HTML page with `status`
        (say 503) as a proxy would; `rate` lets `rate` calls per second through and throttles the
        rest with 429 until cleared (count defaults to unlimited then).
        """
        if rate is not None and count == 1:
            count = None
        fault = Fault(
            operation=operation,
            status=status,
            error_type=error_type,
            message=message,
            delay=delay,
            drop=drop,
            non_json=non_json,
            count=count,
            rate=rate,
        )
        with self._lock:
            self._rules.append(fault)
        return fault

    def delay(self, seconds: float, operation: str | None = None, count: int | None = 1) -> Fault:
        """Answer correctly, but only after `seconds`."""
        return self.add(operation=operation, status=None, delay=seconds, count=count)

    def throttle(self, rate: float, operation: str | None = None) -> Fault:
        """Let `rate` calls per second through and answer ThrottlingException (429) to the rest."""
        return self.add(operation=operation, rate=rate, count=None)

    def clear(self) -> None:
        """Remove every rule and switch every websocket fault off."""
        with self._lock:
            self._rules.clear()
            self._switches = _SocketSwitches()

    @property
    def rules(self) -> list[Fault]:
        with self._lock:
            return list(self._rules)

    def take(self, operation: str) -> Fault | None:
        """The rule that applies to this call, used up by one; None when the call runs normally."""
        if not self._rules:
            return None
        with self._lock:
            for fault in self._rules:
                if fault.operation is not None and fault.operation != operation:
                    continue
                if fault.rate is not None and fault._admits():
                    continue
                fault.fired += 1
                if fault.count is not None:
                    fault.count -= 1
                    if fault.count <= 0:
                        self._rules.remove(fault)
                return fault
        return None

    # -- websocket -------------------------------------------------------------------------------

    def drop_sockets(self, contact_id: str | None = None, participant_id: str | None = None) -> int:
        """Cut open websockets now, with no close frame (a network drop); returns how many."""
        if self._drop_sockets is None:
            raise RuntimeError("this fault table is not attached to a running emulator")
        return self._drop_sockets(contact_id, participant_id)

    def silence_heartbeats(self, count: int = FOREVER) -> None:
        """Leave the next `count` heartbeats unanswered (default: all, until cleared)."""
        self._switch("silent_heartbeat", count)

    def ping_500(self, count: int = FOREVER) -> None:
        """Answer the next `count` pings with statusCode 500."""
        self._switch("ping_500", count)

    def fail_subscribe(self, count: int = 1) -> None:
        """Answer the next `count` subscribe requests with a failure ack."""
        self._switch("subscribe_failure", count)

    def refuse_handshake(self, count: int = 1) -> None:
        """Refuse the next `count` websocket handshakes with 500, whatever the token."""
        self._switch("refuse_handshake", count)

    def websocket(self, kind: str, count: int = FOREVER) -> None:
        """Any websocket fault by name (the control interface's entry point)."""
        if kind == "drop":
            self.drop_sockets()
            return
        if kind not in WEBSOCKET_FAULTS:
            raise ValueError(f"unknown websocket fault {kind!r}; known: {', '.join(WEBSOCKET_FAULTS)}")
        self._switch(kind, count)

    def _switch(self, name: str, count: int) -> None:
        if count == 0 or count < self.FOREVER:
            raise ValueError("count must be positive, or -1 for until cleared")
        with self._lock:
            setattr(self._switches, name, count)

    def armed_socket_faults(self) -> dict[str, int]:
        """Websocket faults switched on, with the uses left (-1: until cleared)."""
        with self._lock:
            return {name: left for name, left in vars(self._switches).items() if left}

    def socket_fault(self, name: str) -> bool:
        """True (and one use spent) when the websocket fault `name` is on."""
        with self._lock:
            left = getattr(self._switches, name)
            if left == 0:
                return False
            if left > 0:
                setattr(self._switches, name, left - 1)
            return True

    def __repr__(self) -> str:
        return f"<Faults {len(self._rules)} rules>"

"""Faults on demand: what tests and soak runs use to make the emulator misbehave like a real network.

Rules are plain data, added from Python (``emu.faults.add(...)``) or from the HTTP control interface
(``POST /_emulator/faults``), matched per request by operation name, and used up by ``count``.
Websocket faults are switches read by the socket handler. Everything here is safe to call from any
thread: the server's event loop only reads and decrements under a lock.
"""

from __future__ import annotations

import itertools
import math
import re
import threading
import time
from collections.abc import Callable
from functools import cache
from typing import Any

import attrs

from paws_compat._model import load_model
from paws_compat.emulator._errors import ERROR_STATUS

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
# A fault longer than this is a hang, not a slow answer; the client's timeouts are far shorter.
MAX_DELAY_SECONDS = 300.0
_ERROR_TYPE = re.compile(r"[A-Za-z][A-Za-z0-9.]{0,99}")


@cache
def _known_operations() -> frozenset[str]:
    names: set[str] = set()
    for service in ("connectparticipant", "connect"):
        names.update(load_model(service).operations)
    return frozenset(names)


def _operation(instance: Any, attribute: Any, value: Any) -> None:
    if value is not None and value not in _known_operations():
        raise ValueError(f"unknown operation {value!r} for a fault")


def _status(instance: Any, attribute: Any, value: Any) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or not 400 <= value <= 599:
        raise ValueError(f"status must be an HTTP error status from 400 to 599 (or None), got {value!r}")


def _error_type(instance: Any, attribute: Any, value: Any) -> None:
    if value is not None and (not isinstance(value, str) or not _ERROR_TYPE.fullmatch(value)):
        raise ValueError(
            "error_type must be an error code of letters and digits (at most 100), e.g. ConflictException"
        )


def _message(instance: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, str) or len(value) > 1024:
        raise ValueError("message must be a string of at most 1024 characters")


def _delay(instance: Any, attribute: Any, value: Any) -> None:
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if not number or not math.isfinite(value) or not 0 <= value <= MAX_DELAY_SECONDS:
        raise ValueError(
            f"delay must be a number of seconds from 0 to {MAX_DELAY_SECONDS:.0f}, got {value!r}"
        )


def _count(instance: Any, attribute: Any, value: Any) -> None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
        raise ValueError("count must be at least 1, or None for a fault that lasts until cleared")


def _rate(instance: Any, attribute: Any, value: Any) -> None:
    if value is None:
        return
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if not number or not math.isfinite(value) or not 0 < value <= 1e6:
        raise ValueError(f"rate must be positive (calls per second, at most 1e6), got {value!r}")


_bool = attrs.validators.instance_of(bool)


@attrs.define(on_setattr=attrs.setters.NO_OP)  # checked when made; count and fired then change
class Fault:
    """One rule. `status=None` with a delay means "slow but correct"; `rate` throttles above N calls/s."""

    FIELDS = ("operation", "status", "error_type", "message", "delay", "drop", "non_json", "count", "rate")

    operation: str | None = attrs.field(default=None, validator=_operation)
    status: int | None = attrs.field(default=500, validator=_status)
    error_type: str | None = attrs.field(default=None, validator=_error_type)
    message: str = attrs.field(default="Injected fault", validator=_message)
    delay: float = attrs.field(default=0.0, validator=_delay)
    drop: bool = attrs.field(default=False, validator=_bool)
    non_json: bool = attrs.field(default=False, validator=_bool)
    count: int | None = attrs.field(default=1, validator=_count)
    rate: float | None = attrs.field(default=None, validator=_rate)
    fired: int = 0
    # Set by the table that holds the rule: what the control interface names it by to clear it alone.
    id: int = attrs.field(default=0, init=False)
    _allowance: float = attrs.field(default=0.0, repr=False, init=False)
    _last: float = attrs.field(factory=time.monotonic, repr=False, init=False)

    def __attrs_post_init__(self) -> None:
        if self.rate is not None:
            self._allowance = self.rate
            if self.status == 500 and self.error_type is None:
                self.status = 429

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
        return {**{name: getattr(self, name) for name in self.FIELDS}, "fired": self.fired, "id": self.id}


@attrs.define
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
        self._ids = itertools.count(1)

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
            fault.id = next(self._ids)
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

    def remove(self, fault_id: int) -> bool:
        """Remove the one rule of that id (Fault.id); False when there is none (used up or cleared)."""
        with self._lock:
            for fault in self._rules:
                if fault.id == fault_id:
                    self._rules.remove(fault)
                    return True
        return False

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

    def switch_off(self, kind: str) -> bool:
        """Switch one websocket fault off; False when it was not on."""
        if kind not in attrs.fields_dict(_SocketSwitches):
            raise ValueError(
                f"unknown websocket fault {kind!r}; known: {', '.join(attrs.fields_dict(_SocketSwitches))}"
            )
        with self._lock:
            was: int = getattr(self._switches, kind)
            setattr(self._switches, kind, 0)
        return was != 0

    def _switch(self, name: str, count: int) -> None:
        if count == 0 or count < self.FOREVER:
            raise ValueError("count must be positive, or -1 for until cleared")
        with self._lock:
            setattr(self._switches, name, count)

    def armed_socket_faults(self) -> dict[str, int]:
        """Websocket faults switched on, with the uses left (-1: until cleared)."""
        with self._lock:
            return {name: left for name, left in attrs.asdict(self._switches).items() if left}

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

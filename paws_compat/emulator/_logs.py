"""The request log (what tests assert on) and the rate limit on repeated log lines.

At 20,000 connections the old server wrote 670,000 identical accept errors (288 MB) in 50 s.
`RepeatFilter` lets the first line of each kind through per window and counts the rest; the count
goes out with the next line of that kind once the window has passed.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from typing import Any

from paws_compat.emulator._clock import iso, now

log = logging.getLogger("paws_compat.emulator")

_MASK = "****"
_KINDS = 1000


class RepeatFilter(logging.Filter):
    """Passes one warning or error per (logger, text) per `window` seconds; others pass."""

    def __init__(self, window: float) -> None:
        super().__init__()
        self.window = window
        self._last: dict[tuple[str, str], tuple[float, int]] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.WARNING:
            return True
        key = (record.name, record.getMessage())
        moment = time.monotonic()
        seen = self._last.get(key)
        if seen is not None and moment - seen[0] < self.window:
            self._last[key] = (seen[0], seen[1] + 1)
            return False
        if len(self._last) >= _KINDS:
            self._last.clear()
        self._last[key] = (moment, 0)
        if seen is not None and seen[1]:
            record.msg = f"{record.getMessage()} [and {seen[1]} more like this]"
            record.args = ()
        return True


# Loggers whose repeats the emulator limits while it runs: its own, and asyncio's (accept errors).
LIMITED_LOGGERS = ("paws_compat.emulator", "asyncio")


def install(window: float) -> RepeatFilter:
    limiter = RepeatFilter(window)
    for name in LIMITED_LOGGERS:
        logging.getLogger(name).addFilter(limiter)
    return limiter


def uninstall(limiter: RepeatFilter) -> None:
    for name in LIMITED_LOGGERS:
        logging.getLogger(name).removeFilter(limiter)


class RequestLog:
    """What the emulator received, newest last, tokens never kept (for test assertions)."""

    def __init__(self, limit: int = 10000) -> None:
        self._entries: deque[dict[str, Any]] = deque(maxlen=limit)
        self.enabled = True
        # The newest entries whose "time" is still the clock's float: it is written out when the
        # log is read, in place (the console tells entries apart by identity), not on every call.
        self._unformatted = 0

    def add(
        self,
        operation: str,
        method: str,
        path: str,
        status: int,
        request_id: str,
        had_token: bool,
        contact_id: str | None = None,
    ) -> None:
        """`contact_id`: the chat the call was about, when the emulator knows it (the console's
        per-chat log)."""
        if self.enabled:
            self._entries.append(
                {
                    "operation": operation,
                    "method": method,
                    "path": path,
                    "status": status,
                    "request_id": request_id,
                    "bearer": _MASK if had_token else None,
                    "time": now(),
                    "contact_id": contact_id,
                }
            )
            self._unformatted += 1
        if log.isEnabledFor(logging.INFO):
            log.info("%s %s %s -> %d (%s)", method, path, operation, status, request_id)

    def entries(self) -> list[dict[str, Any]]:
        entries = self._entries
        for index in range(1, min(self._unformatted, len(entries)) + 1):
            entry = entries[-index]
            entry["time"] = iso(entry["time"])
        self._unformatted = 0
        return list(entries)

    def clear(self) -> None:
        self._entries.clear()
        self._unformatted = 0

"""Time as the service writes it: ISO-8601 with milliseconds and a Z."""

from __future__ import annotations

import time
from datetime import datetime, timezone


def now() -> float:
    return time.time()


def iso(moment: float) -> str:
    """`2019-11-25T21:56:46.045Z`: the only timestamp format on the Participant Service wire."""
    stamp = datetime.fromtimestamp(moment, tz=timezone.utc)
    return stamp.strftime("%Y-%m-%dT%H:%M:%S.") + f"{stamp.microsecond // 1000:03d}Z"


def parse_iso(text: str) -> float | None:
    """Read an AbsoluteTime back (any ISO-8601 form with an offset or Z); None if it is not one."""
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.timestamp()

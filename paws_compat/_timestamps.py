"""The one timestamp format of the Participant Service wire: ISO-8601, milliseconds, a Z.

Shared by the chat layer (expiries, item order) and the emulator (what it stamps), so both read
and write exactly the same form.
"""

from __future__ import annotations

from datetime import datetime, timezone


def format_instant(posix: float) -> str:
    """POSIX seconds to `2019-11-25T21:56:46.045Z`."""
    value = datetime.fromtimestamp(posix, tz=timezone.utc)
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"


def parse_instant(text: str | None) -> float | None:
    """Any ISO-8601 form with an offset or Z to POSIX seconds; None when absent or malformed."""
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.timestamp()

"""Time as the service writes it: ISO-8601 with milliseconds and a Z."""

from __future__ import annotations

import time

from paws_compat._timestamps import format_instant, parse_instant


def now() -> float:
    return time.time()


# The emulator stamps and reads times exactly as the client side does.
iso = format_instant
parse_iso = parse_instant

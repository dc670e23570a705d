"""paws' timestamps (Amazon Connect's InitiationTimestamp, ...): POSIXct in GMT in R.

paws_compat gives a timestamp member as epoch seconds (a float); R's paws gives POSIXct, which
prints, pastes and formats as a date. A member of a result whose model shape is a timestamp is one
of these here: what R does with it is done (print, paste, format, as.character, nchar, cat's
number); anything else stops the script flagged, never silently as a plain number.
"""

from __future__ import annotations

import math
import time
from typing import Any, NoReturn

from paws_compat._result import TypedEmpty

from ._halt import NotPorted

# An absent timestamp member: paws gives a POSIXct of length 0.
EMPTY_POSIXCT = TypedEmpty("POSIXct", "POSIXct[0:0] ", "EMPTY_POSIXCT")


class POSIXct:
    """One timestamp, as R's POSIXct in GMT."""

    __slots__ = ("seconds",)
    r_class = ("POSIXct", "POSIXt")  # class() and inherits() as R's

    def __init__(self, seconds: float) -> None:
        self.seconds = float(seconds)

    def text(self) -> str:
        """format() / as.character(): R truncates to whole seconds and, at midnight, drops the time."""
        whole = math.floor(self.seconds)
        if whole % 86400 == 0:
            return time.strftime("%Y-%m-%d", time.gmtime(whole))
        return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(whole))

    def print_line(self) -> str:
        return f'[1] "{self.text()} GMT"'

    def _refuse(self, *_: Any) -> NoReturn:
        raise NotPorted("this use of a timestamp (R's POSIXct: its arithmetic, comparisons and conversions)")

    __str__ = __float__ = __int__ = __bool__ = __index__ = _refuse
    __eq__ = __ne__ = __lt__ = __le__ = __gt__ = __ge__ = _refuse
    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __truediv__ = __neg__ = _refuse
    __hash__ = None  # type: ignore[assignment]


def timestamp_value(value: Any) -> Any:
    """A result's timestamp member as R's paws gives it."""
    if isinstance(value, TypedEmpty):
        return EMPTY_POSIXCT
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return POSIXct(value)
    return value

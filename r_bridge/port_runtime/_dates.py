"""Dates and times as R has them: Date (days since 1970-01-01), POSIXct (seconds since the epoch
in a time zone) and difftime, with the arithmetic, formats and printing of R's."""

from __future__ import annotations

import datetime as dt
import math
import re
import time
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ._halt import NotPorted, RError
from ._na import NA, NA_real_, NAType

_EPOCH = dt.date(1970, 1, 1)


class Temporal:
    """A Date, a POSIXct or a difftime: R values that print and compute as their class says."""

    __slots__ = ()

    def r_format(self, fmt: str | None = None, tz: str | None = None, usetz: bool = False) -> str:
        raise NotImplementedError

    def r_number(self) -> float:
        raise NotImplementedError

    def r_print(self) -> list[str]:
        raise NotImplementedError


def _zone(tz: str | None) -> dt.tzinfo | None:
    """A time zone by R's name; "" or None is the local one (TZ, as R reads it)."""
    if not tz:
        return None
    if tz in ("UTC", "GMT"):
        return dt.timezone.utc
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise NotPorted(f"the time zone {tz!r}") from None


def _strftime(moment: dt.datetime | dt.date, fmt: str, seconds: float = 0.0) -> str:
    """C's strftime (R's own for these formats), with R's %OS (seconds, %OSn with n decimals)."""

    def fraction(m: re.Match[str]) -> str:
        digits = int(m.group(1) or 0)
        whole = int(seconds % 60)
        if not digits:
            return f"{whole:02d}"
        part = math.floor((seconds % 60) * 10**digits) / 10**digits
        return f"{part:0{3 + digits}.{digits}f}"

    return moment.strftime(re.sub(r"%OS(\d?)", fraction, fmt))


class RDate(Temporal):
    __slots__ = ("days",)
    r_class = "Date"

    def __init__(self, days: int) -> None:
        self.days = days

    @property
    def date(self) -> dt.date:
        return _EPOCH + dt.timedelta(days=self.days)

    def text(self) -> str:
        return self.date.isoformat()

    def r_format(self, fmt: str | None = None, tz: str | None = None, usetz: bool = False) -> str:
        if tz is not None or usetz:
            raise NotPorted("format() of a Date with tz or usetz")
        return self.text() if fmt is None else _strftime(self.date, fmt)

    def r_number(self) -> float:
        return self.days

    def r_print(self) -> list[str]:
        return [f'[1] "{self.text()}"']

    def __add__(self, other: Any) -> RDate:
        if isinstance(other, (bool, Temporal)) or not isinstance(other, (int, float)):
            return NotImplemented
        if not float(other).is_integer():
            raise NotPorted("a Date plus a fraction of a day")
        return RDate(self.days + int(other))

    __radd__ = __add__

    def __sub__(self, other: Any) -> Any:
        if isinstance(other, RDate):
            return Difftime(float(self.days - other.days), "days")
        if isinstance(other, (int, float)) and not isinstance(other, bool):
            return self + (-other)
        return NotImplemented

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RDate) and other.days == self.days

    def __hash__(self) -> int:
        return hash(("Date", self.days))

    def __lt__(self, other: RDate) -> bool:
        return self.days < _same(self, other).days

    def __le__(self, other: RDate) -> bool:
        return self.days <= _same(self, other).days

    def __gt__(self, other: RDate) -> bool:
        return self.days > _same(self, other).days

    def __ge__(self, other: RDate) -> bool:
        return self.days >= _same(self, other).days

    def __repr__(self) -> str:
        return f"RDate({self.text()!r})"


class RTime(Temporal):
    __slots__ = ("seconds", "tz")
    r_class = ("POSIXct", "POSIXt")

    def __init__(self, seconds: float, tz: str | None = None) -> None:
        self.seconds = seconds
        self.tz = tz

    def moment(self, tz: str | None = None) -> dt.datetime:
        zone = _zone(self.tz if tz is None else tz)
        moment = dt.datetime.fromtimestamp(math.floor(self.seconds), zone or dt.timezone.utc)
        return moment if zone is not None else moment.astimezone()

    def text(self, usetz: bool = False) -> str:
        moment = self.moment()
        fmt = "%Y-%m-%d" if (moment.hour, moment.minute, moment.second) == (0, 0, 0) else "%Y-%m-%d %H:%M:%S"
        return _strftime(moment, fmt + (" %Z" if usetz else ""), self.seconds)

    def r_format(self, fmt: str | None = None, tz: str | None = None, usetz: bool = False) -> str:
        if fmt is None:
            shown = self if tz is None else RTime(self.seconds, tz)
            return shown.text(usetz)
        return _strftime(self.moment(tz), fmt + (" %Z" if usetz else ""), self.seconds)

    def r_number(self) -> float:
        return self.seconds

    def r_print(self) -> list[str]:
        return [f'[1] "{self.text(usetz=True)}"']

    def __add__(self, other: Any) -> RTime:
        if isinstance(other, (bool, Temporal)) or not isinstance(other, (int, float)):
            return NotImplemented
        return RTime(self.seconds + other, self.tz)

    __radd__ = __add__

    def __sub__(self, other: Any) -> Any:
        if isinstance(other, RTime):
            return Difftime.auto(self.seconds - other.seconds)
        if isinstance(other, (int, float)) and not isinstance(other, bool):
            return RTime(self.seconds - other, self.tz)
        return NotImplemented

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RTime) and other.seconds == self.seconds

    def __hash__(self) -> int:
        return hash(("POSIXct", self.seconds))

    def __lt__(self, other: RTime) -> bool:
        return self.seconds < _same(self, other).seconds

    def __le__(self, other: RTime) -> bool:
        return self.seconds <= _same(self, other).seconds

    def __gt__(self, other: RTime) -> bool:
        return self.seconds > _same(self, other).seconds

    def __ge__(self, other: RTime) -> bool:
        return self.seconds >= _same(self, other).seconds


def _same(a: Any, b: Any) -> Any:
    if type(a) is not type(b):
        raise NotPorted("comparing a date or time with a value of another class")
    return b


_SECONDS = {"secs": 1, "mins": 60, "hours": 3600, "days": 86400, "weeks": 604800}


class Difftime(Temporal):
    __slots__ = ("units", "value")
    r_class = "difftime"

    def __init__(self, value: float, units: str) -> None:
        self.value = value
        self.units = units

    @classmethod
    def auto(cls, seconds: float) -> Difftime:
        """R's units = "auto" for a time difference: the largest unit under which it is >= 1."""
        size = abs(seconds)
        units = "secs" if size < 60 else "mins" if size < 3600 else "hours" if size < 86400 else "days"
        return cls(seconds / _SECONDS[units], units)

    def to(self, units: str) -> float:
        if units not in _SECONDS:
            raise RError("invalid units specified")
        return self.value * _SECONDS[self.units] / _SECONDS[units]

    def r_number(self) -> float:
        return self.value

    def r_format(self, fmt: str | None = None, tz: str | None = None, usetz: bool = False) -> str:
        from ._text import format_number

        return f"{format_number(self.value, 7)} {self.units}"

    def r_print(self) -> list[str]:
        from ._text import format_number

        return [f"Time difference of {format_number(self.value, 7)} {self.units}"]

    def __round__(self, digits: int = 0) -> Difftime:
        return Difftime(round(self.value, digits), self.units)


def sys_date() -> RDate:
    return RDate((dt.date.today() - _EPOCH).days)


def sys_time() -> RTime:
    return RTime(time.time())


_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d")
_TIME_FORMATS = (
    "%Y-%m-%d %H:%M:%OS",
    "%Y/%m/%d %H:%M:%OS",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d %H:%M",
    "%Y-%m-%d",
    "%Y/%m/%d",
)


def _parse(text: str, fmt: str) -> tuple[dt.datetime, float] | None:
    """text read with an R format (%OS: seconds with a fraction); None when it does not match."""
    fraction = 0.0
    py_fmt = fmt.replace("%OS", "%S")
    if "%OS" in fmt:
        match = re.search(r"(\d{1,2})\.(\d+)", text)
        if match:
            fraction = float("0." + match.group(2))
            text = text[: match.start()] + match.group(1) + text[match.end() :]
    try:
        return dt.datetime.strptime(text.strip(), py_fmt), fraction
    except ValueError:
        # R reads a format's prefix and ignores what follows ("2024-01-31 10:00" as a date).
        for end in range(len(text) - 1, 5, -1):
            try:
                return dt.datetime.strptime(text[:end].strip(), py_fmt), fraction
            except ValueError:
                continue
        return None


def as_date(x: Any, format: str | None = None, tz: str = "UTC", **others: Any) -> Any:
    """as.Date(): from "2024-01-31" (or a format), or a POSIXct's day in `tz` (UTC by default)."""
    if others:
        raise NotPorted(f"as.Date() argument {next(iter(others))} =")
    from ._values import elements, vector

    out: list[Any] = []
    for v in elements(x):
        if isinstance(v, NAType):
            out.append(NA_real_)
        elif isinstance(v, RDate):
            out.append(v)
        elif isinstance(v, RTime):
            out.append(RDate((v.moment(tz).date() - _EPOCH).days))
        elif isinstance(v, str):
            found = None
            for fmt in (format,) if format else _DATE_FORMATS:
                found = _parse(v, fmt)
                if found:
                    break
            if found is None:
                if format:
                    out.append(NA)
                    continue
                raise RError("character string is not in a standard unambiguous format")
            out.append(RDate((found[0].date() - _EPOCH).days))
        else:
            raise NotPorted("as.Date() of a number (R needs an origin)")
    if any(isinstance(v, NAType) for v in out):
        raise NotPorted("as.Date() giving NA (a Date NA)")
    return vector(out)


def as_posixct(x: Any, tz: str = "", format: str | None = None, **others: Any) -> Any:
    """as.POSIXct(): from "2024-01-31 10:00:00" (or a format) in the time zone `tz`."""
    if others:
        raise NotPorted(f"as.POSIXct() argument {next(iter(others))} =")
    from ._values import elements, vector

    out = []
    for v in elements(x):
        if isinstance(v, RTime):
            out.append(RTime(v.seconds, tz or v.tz))
            continue
        if isinstance(v, RDate):
            out.append(RTime(v.days * 86400.0, tz or "UTC"))
            continue
        if not isinstance(v, str):
            raise NotPorted("as.POSIXct() of a number or NA")
        found = None
        for fmt in (format,) if format else _TIME_FORMATS:
            found = _parse(v, fmt)
            if found:
                break
        if found is None:
            if format:
                raise NotPorted("as.POSIXct() giving NA")
            raise RError("character string is not in a standard unambiguous format")
        moment, fraction = found
        zone = _zone(tz)
        local = zone is None
        stamp = time.mktime(moment.timetuple()) if local else moment.replace(tzinfo=zone).timestamp()
        out.append(RTime(stamp + fraction, tz or None))
    return vector(out)


def difftime(time1: Any, time2: Any, units: str = "auto", **others: Any) -> Difftime:
    """difftime(time1, time2, units): time1 - time2 in the units asked ("auto": as `-` picks)."""
    if others:
        raise NotPorted(f"difftime() argument {next(iter(others))} =")
    if isinstance(time1, RDate) and isinstance(time2, RDate):
        seconds = (time1.days - time2.days) * 86400.0
        if units == "auto":
            return Difftime(seconds / 86400, "days")
    elif isinstance(time1, RTime) and isinstance(time2, RTime):
        seconds = time1.seconds - time2.seconds
        if units == "auto":
            return Difftime.auto(seconds)
    else:
        raise NotPorted("difftime() of these values")
    if units not in _SECONDS:
        raise RError("invalid units specified")
    return Difftime(seconds / _SECONDS[units], units)


def weekdays(x: Any) -> Any:
    return _each_format(x, "%A")


def months(x: Any) -> Any:
    return _each_format(x, "%B")


def _each_format(x: Any, fmt: str) -> Any:
    from ._values import elements, vector

    items = elements(x)
    if not all(isinstance(v, (RDate, RTime)) for v in items):
        raise NotPorted("weekdays()/months() of something other than a date or time")
    return vector([v.r_format(fmt) for v in items], "character")


def strftime(x: Any, format: str = "", tz: str = "", usetz: bool = False) -> Any:
    """strftime(x, format): format() of a date or time."""
    from ._values import elements, vector

    out = []
    for v in elements(x):
        if isinstance(v, str):
            v = as_posixct(v, tz)
        if not isinstance(v, (RDate, RTime)):
            raise NotPorted("strftime() of something other than a date or time")
        value = RTime(v.days * 86400.0, "UTC") if isinstance(v, RDate) else v
        out.append(value.r_format(format or None, tz or None, usetz))
    return vector(out, "character")

"""format() and formatC(): numbers and strings as R writes them for a report (widths, decimals,
big marks), element by element as R's are."""

from __future__ import annotations

from typing import Any

from ._dates import Temporal
from ._halt import NotPorted, RError
from ._na import NAType
from ._print import _format_numbers as format_numbers
from ._text import text_of
from ._time import POSIXct
from ._values import elements, is_atomic, keep_names, r_type, vector


def _big(text: str, mark: str) -> str:
    """`mark` between each three digits of the integer part ("1234567.5" -> "1,234,567.5")."""
    if not mark or "e" in text:
        return text
    sign = "-" if text.startswith("-") else ""
    whole, dot, decimals = text.lstrip("-").partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return sign + mark.join([whole, *groups]) + dot + decimals


def format_value(
    x: Any,
    *positional: Any,
    nsmall: Any = 0,
    width: Any = 0,
    big_mark: str = "",
    trim: bool = False,
    tz: str | None = None,
    usetz: bool = False,
    **others: Any,
) -> Any:
    """format(): a vector to strings of one width (numbers right-aligned in one common format,
    strings left-aligned), at least `nsmall` decimals, `big.mark` between thousands."""
    if any(isinstance(v, POSIXct) for v in elements(x)):
        if positional or others or tz is not None or usetz or len(elements(x)) != 1:
            raise NotPorted("format() of a paws timestamp with a format, or of several")
        return elements(x)[0].text()
    temporal = [v for v in elements(x) if isinstance(v, Temporal)]
    if temporal:
        if len(temporal) != len(elements(x)) or len(positional) > 1:
            raise NotPorted("format() of dates or times mixed with other values")
        fmt = positional[0] if positional else others.pop("format", None)
        if others:
            raise NotPorted(f"format() of a date or time with {next(iter(others))} =")
        return keep_names(vector([v.r_format(fmt, tz, usetz) for v in temporal], "character"), x)
    if positional or tz is not None or usetz:
        raise NotPorted("format() with these arguments")
    if others:
        raise NotPorted(f"format() argument {next(iter(others))} =")
    if not (is_atomic(x) or x is None):
        raise NotPorted("format() of a list")
    items = elements(x)
    if not items:
        return vector([], "character")
    kinds = {r_type(v) for v in items}
    if kinds <= {"character"}:
        cells = [text_of(v) for v in items]
        size = max(int(width), *(len(c) for c in cells))
        return keep_names(vector([c.ljust(size) for c in cells], "character"), x)
    if kinds <= {"logical"}:
        cells = [text_of(v) for v in items]
    else:
        numbers = [v for v in items if not isinstance(v, NAType)]
        cells_iter = iter(format_numbers([float(v) for v in numbers]) if numbers else [])
        cells = ["NA" if isinstance(v, NAType) else next(cells_iter) for v in items]
        places = int(nsmall)
        if places and not any("e" in c for c in cells):
            have = max(len(c.partition(".")[2]) for c in cells)
            if have < places:
                cells = [
                    c if c == "NA" else f"{float(v):.{places}f}" for c, v in zip(cells, items, strict=True)
                ]
        cells = [_big(c, big_mark) for c in cells]
    size = 0 if trim else max(int(width), *(len(c) for c in cells))
    return keep_names(vector([c.rjust(size) for c in cells], "character"), x)


def format_c(
    x: Any,
    width: Any = 0,
    digits: Any = None,
    format: str | None = None,
    flag: str = "",
    big_mark: str = "",
) -> Any:
    """formatC(): each element through C's printf, as R's formatC() does."""
    out = [_one_c(v, int(width), digits, format, flag, big_mark) for v in elements(x)]
    return keep_names(vector(out, "character"), x)


def _one_c(v: Any, width: int, digits: Any, fmt: str | None, flag: str, big_mark: str) -> str:
    left = width < 0 or "-" in flag
    size = abs(width)
    if isinstance(v, bool) or getattr(v, "r_type", None) == "logical":
        raise RError("unsupported type ")
    if isinstance(v, str) or getattr(v, "r_type", None) == "character" or fmt == "s":
        if fmt not in (None, "s") or not isinstance(v, (str, NAType)):
            raise NotPorted('formatC() of a string with a number format, or of a number with "s"')
        text = text_of(v)
        return text.ljust(size) if left else text.rjust(size)
    if isinstance(v, NAType):
        return "NA".ljust(size) if left else "NA".rjust(size)
    sign = "+" if "+" in flag else " " if " " in flag else ""
    if fmt is None:
        if isinstance(v, int) and abs(v) >= 10**4:
            raise NotPorted("formatC() of a whole number of 5 digits or more (R's 1L and 1 differ)")
        fmt = "g"
    if fmt == "d":
        if isinstance(v, float) and not v.is_integer():
            raise NotPorted('formatC(format = "d") of a fractional number')
        if abs(v) >= 2**31:
            raise NotPorted('formatC(format = "d") beyond R\'s integers (NA with a warning)')
        body = f"%{sign}d" % int(v)
    elif fmt in ("f", "e", "E", "g", "G"):
        body = f"%{sign}.{4 if digits is None else int(digits)}{fmt}" % float(v)
    else:
        raise NotPorted(f'formatC(format = "{fmt}")')
    body = _big(body, big_mark)
    if "0" in flag and not left and len(body) < size:
        lead = body[0] if body[0] in "+- " else ""
        return lead + body[len(lead) :].rjust(size - len(lead), "0")
    return body.ljust(size) if left else body.rjust(size)

"""R's text functions: numbers written as R writes them, paste, cat, sprintf, the string functions
(vectorised, as R's are), and R's built-in character constants."""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from typing import IO, Any

from paws_compat._rformat import format_number

from ._dates import Temporal
from ._halt import NotPorted, RError
from ._na import NA, NA_character_, NA_integer_, NA_real_, NAType, na_of
from ._time import POSIXct
from ._values import Vector, elements, keep_names, vector

# ---- numbers as R writes them ----------------------------------------------------------------


def significant(value: float, digits: int) -> tuple[int, int]:
    """How many significant digits (at most `digits`) `value` needs, and its decimal exponent."""
    text = f"{abs(value):.{digits - 1}e}"
    mantissa, _, exp = text.partition("e")
    figures = mantissa.replace(".", "").rstrip("0")
    return max(1, len(figures)), int(exp)


def as_character(value: Any, digits: int = 15) -> Any:
    """One value as R's as.character() gives it (NA stays NA, of type character)."""
    if isinstance(value, str):
        return value
    if isinstance(value, NAType):
        return NA_character_
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        return format_number(float(value), digits)
    if value is None:
        return "NULL"
    if isinstance(value, BaseException):
        return str(value)
    if isinstance(value, POSIXct):
        return value.text()
    if isinstance(value, Temporal):
        return value.r_format()
    # A list inside a list: R deparses it; the nearest plain form is its elements.
    inner = [text_of(item, digits) for item in elements(value)]
    return inner[0] if len(inner) == 1 else 'c("' + '", "'.join(inner) + '")'


def text_of(value: Any, digits: int = 15) -> str:
    """One value as paste(), cat() and message() write it: NA as "NA"."""
    text = as_character(value, digits)
    return "NA" if isinstance(text, NAType) else text


# ---- paste, cat, message, sprintf ------------------------------------------------------------


def paste(*values: Any, sep: str = " ", collapse: str | None = None) -> Any:
    """R's paste(): vectorised, recycling; one string for one result, else a character vector."""
    columns = [[text_of(v) for v in elements(value)] for value in values]
    width = max((len(col) for col in columns), default=0)
    if width == 0:
        rows: list[str] = []
    else:
        # A zero-length argument counts as "" (R 4.0.1 and later without recycle0).
        columns = [col or [""] for col in columns]
        rows = [sep.join(col[i % len(col)] for col in columns) for i in range(width)]
    if collapse is not None:
        return collapse.join(rows)
    return vector(rows, "character")


def paste0(*values: Any, collapse: str | None = None) -> Any:
    """R's paste0(): paste() with no separator."""
    return paste(*values, sep="", collapse=collapse)


def _write_to(file: IO[str] | str | None, text: str, append: bool = False) -> None:
    """To standard output, a stream, or a file named by a path (created, or appended to)."""
    if isinstance(file, str):
        with open(file, "a" if append else "w", encoding="utf-8") as handle:
            handle.write(text)
        return
    stream = sys.stdout if file is None else file
    stream.write(text)
    stream.flush()


def cat(*values: Any, sep: Any = " ", file: IO[str] | str | None = None, append: bool = False) -> None:
    """R's cat(): every element of every argument, `sep` between them (cycled when several).

    As in R's do_cat: a separator goes before every argument but the first unless it is NULL (so a
    zero-length vector still takes a slot), and a final newline is added when a separator holds one.
    """
    seps = [str(s) for s in elements(sep)] or [""]
    out: list[str] = []
    count = 0
    for position, value in enumerate(values):
        if position != 0 and value is not None:
            out.append(seps[count % len(seps)])
            count += 1
        items = elements(value)
        for i, item in enumerate(items):
            # cat() writes a date or time as the number it holds (days, seconds).
            if isinstance(item, POSIXct):
                shown = format_number(item.seconds, 7)
            elif isinstance(item, Temporal):
                shown = format_number(item.r_number(), 7)
            else:
                shown = text_of(item, 7)
            out.append(shown)
            if i < len(items) - 1:
                out.append(seps[count % len(seps)])
                count += 1
    if any("\n" in s for s in seps):
        out.append("\n")
    _write_to(file, "".join(out), append)


def write_lines(text: Any, con: IO[str] | str | None = None, sep: str = "\n") -> None:
    """R's writeLines(text, con, sep): each element of a character vector followed by `sep`."""
    _write_to(con, "".join(text_of(v) + sep for v in elements(text)))


def sprintf(fmt: str, *values: Any) -> Any:
    """R's sprintf(): C formats, vectorised over its arguments; `%s` writes numbers as R does."""
    columns = [elements(value) for value in values]
    if any(not col for col in columns):
        return vector([], "character")
    width = max((len(col) for col in columns), default=1)
    rows = [_format_once(fmt, [col[i % len(col)] for col in columns]) for i in range(width)]
    return vector(rows, "character")


def _format_once(fmt: str, args: Sequence[Any]) -> str:
    out: list[str] = []
    position = 0
    i = 0
    while i < len(fmt):
        char = fmt[i]
        if char != "%":
            out.append(char)
            i += 1
            continue
        if fmt.startswith("%%", i):
            out.append("%")
            i += 2
            continue
        end = i + 1
        while end < len(fmt) and fmt[end] in "-+ #0123456789.*":
            end += 1
        if end >= len(fmt):
            raise RError(f"sprintf: unrecognised format specification '{fmt[i:]}'")
        spec, conversion = fmt[i + 1 : end], fmt[end]
        if position >= len(args):
            raise RError("sprintf: too few arguments")
        value = args[position]
        position += 1
        if isinstance(value, Temporal):
            raise NotPorted("sprintf() of a date or time")
        if isinstance(value, NAType) and conversion in "sdifeEgG":
            # R writes NA in the field's width, whatever the conversion (%5.1f gives "   NA").
            width = spec.split(".")[0]
            out.append(f"%{width}s" % "NA")
        elif conversion == "s":
            out.append(f"%{spec}s" % text_of(value))
        elif conversion in "di":
            if isinstance(value, float) and not value.is_integer():
                raise RError(f"sprintf: invalid format '%{spec}d'; use format %f, %e, %g or %a")
            out.append(f"%{spec}d" % int(value))
        elif conversion in "feEgGxXo":
            number: Any = int(value) if conversion in "xXo" else float(value)
            out.append(f"%{spec}{conversion}" % number)
        else:
            raise RError(f"sprintf: unrecognised format specification '%{spec}{conversion}'")
        i = end + 1
    return "".join(out)


def _each_string(value: Any, fn: Any, kind: str, na: Any = None, named: bool = True) -> Any:
    """fn on each element of a character vector, as R's vectorised string functions do; an NA
    element gives `na` (NA of the result's type unless told); names kept unless not `named`."""
    missing = na_of(kind) if na is None else na
    out = vector([missing if isinstance(v, NAType) else fn(as_character(v)) for v in elements(value)], kind)
    return keep_names(out, value) if named else out


def nchar(x: Any) -> Any:
    return _each_string(x, len, "integer")


def toupper(x: Any) -> Any:
    return _each_string(x, str.upper, "character")


def tolower(x: Any) -> Any:
    return _each_string(x, str.lower, "character")


def trimws(x: Any, which: str = "both") -> Any:
    strip = {"both": str.strip, "left": str.lstrip, "right": str.rstrip}[which]
    return _each_string(x, lambda s: strip(s, " \t\n\r"), "character")


def nzchar(x: Any) -> Any:
    return _each_string(x, lambda s: s != "", "logical", na=True, named=False)


def substr(x: Any, start: Any, stop: Any) -> Any:
    first, last = int(start), int(stop)
    return _each_string(x, lambda s: s[max(first, 1) - 1 : max(last, 0)], "character")


def starts_with(x: Any, prefix: Any) -> Any:
    return _recycle2(x, prefix, lambda s, p: s.startswith(p))


def ends_with(x: Any, suffix: Any) -> Any:
    return _recycle2(x, suffix, lambda s, p: s.endswith(p))


def _recycle2(x: Any, y: Any, fn: Any) -> Any:
    xs, ys = [as_character(v) for v in elements(x)], [as_character(v) for v in elements(y)]
    if not xs or not ys:
        return vector([], "logical")
    n = max(len(xs), len(ys))
    pairs = [(xs[i % len(xs)], ys[i % len(ys)]) for i in range(n)]
    return vector([NA if NA_character_ in (a, b) else fn(a, b) for a, b in pairs], "logical")


def _pattern(pattern: str, fixed: bool) -> re.Pattern[str]:
    if fixed:
        return re.compile(re.escape(pattern))
    # R's default regular expressions are POSIX extended (TRE); the constructs they share with
    # Python's are ported, the ones they spell differently are not.
    if re.search(r"\[\[:|\\[<>]|\(\?", pattern):
        raise NotPorted(f"the regular expression {pattern!r} (R's syntax differs from Python's)")
    return re.compile(pattern)


def _replacement(text: str, fixed: bool) -> str:
    if fixed:
        return text.replace("\\", "\\\\")
    return re.sub(r"\\([0-9])", r"\\g<\1>", text)


def gsub(pattern: str, replacement: str, x: Any, fixed: bool = False) -> Any:
    rx, rep = _pattern(pattern, fixed), _replacement(replacement, fixed)
    return _each_string(x, lambda s: rx.sub(rep, s), "character")


def sub(pattern: str, replacement: str, x: Any, fixed: bool = False) -> Any:
    rx, rep = _pattern(pattern, fixed), _replacement(replacement, fixed)
    return _each_string(x, lambda s: rx.sub(rep, s, count=1), "character")


def grepl(pattern: str, x: Any, fixed: bool = False) -> Any:
    rx = _pattern(pattern, fixed)
    return _each_string(x, lambda s: rx.search(s) is not None, "logical", na=False, named=False)


def strsplit(x: Any, split: str, fixed: bool = False) -> list[Any]:
    """A list with one character vector per string (R drops a trailing empty piece)."""
    rx = _pattern(split, fixed) if split else None
    if isinstance(x, Vector) and x.names is not None:
        raise NotPorted("strsplit() of a named vector (R names the list)")
    out: list[Any] = []
    for s in (as_character(v) for v in elements(x)):
        if isinstance(s, NAType):
            out.append(NA_character_)
            continue
        parts = list(s) if rx is None else rx.split(s)
        if parts and parts[-1] == "":
            parts.pop()
        out.append(vector(parts, "character"))
    return out


def _number_of(v: Any, units: str | None = None) -> Any:
    if isinstance(v, Temporal):
        return float(v.to(units) if units is not None and hasattr(v, "to") else v.r_number())
    if units is not None:
        raise NotPorted("as.numeric(units = ) of other than a difftime")
    if isinstance(v, NAType):
        return NA_real_
    if isinstance(v, str):
        try:
            return float(v.strip())
        except ValueError:
            raise NotPorted(f"as.numeric({v!r}): NA with the warning 'NAs introduced by coercion'") from None
    return float(v)


def as_numeric(x: Any, units: str | None = None) -> Any:
    out = [_number_of(v, units) for v in elements(x)]
    return vector(
        [v if isinstance(v, NAType) or not v.is_integer() or abs(v) >= 2**53 else int(v) for v in out],
        "numeric",
    )


def as_integer(x: Any) -> Any:
    out = [_number_of(v) for v in elements(x)]
    return vector([NA_integer_ if isinstance(v, NAType) else int(v) for v in out], "integer")


letters = Vector("abcdefghijklmnopqrstuvwxyz")
LETTERS = Vector("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
month_name = Vector(
    [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ]
)
month_abb = Vector([m[:3] for m in month_name])

"""The few R functions a ported script still calls, with R's output to the character.

`paws-compat port` emits plain Python wherever Python means the same thing (`x is None` for
`is.null(x)`, `os.environ.get` for `Sys.getenv`, `time.sleep`, loops, try/except). What is left
here is what Python spells differently: R prints `TRUE` and `3` where Python prints `True` and
`3.0`, `paste` and `cat` work on vectors, `print("x")` shows `[1] "x"`, and an absent member of a
paws result (`character(0)`) has length 0 although it is not None.

No rpy2 and no R: a ported script runs on paws_compat alone.
"""

from __future__ import annotations

import math
import os
import sys
from collections.abc import Iterable, Mapping, Sequence
from typing import IO, Any

__all__ = [
    "RError",
    "UNPORTED_STATUS",
    "c",
    "cat",
    "elt",
    "length",
    "message",
    "paste",
    "paste0",
    "report_as_rscript",
    "rprint",
    "sprintf",
    "typed_empty",
    "unlist",
    "unported",
    "write_lines",
]

_SCALARS = (str, bool, int, float)

# The exit status of a ported script stopped at a statement the porter could not translate.
UNPORTED_STATUS = 70


class NotPorted(Exception):
    """Raised where a statement was carried over as `# UNPORTED`: running on would be guessing."""


def unported(where: str, reason: str) -> None:
    raise NotPorted(f"{where}: {reason}")


def report_as_rscript(kind: type[BaseException], exc: BaseException, tb: Any) -> None:
    """sys.excepthook of a ported script: an error ends it as Rscript ends a script.

    Rscript writes `Error in <call> : <message>` and `Execution halted` and exits with 1; a
    statement that was not ported stops the script with UNPORTED_STATUS, saying where and why.
    """
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, exc, tb)
        return
    sys.stdout.flush()
    if isinstance(exc, NotPorted):
        sys.stderr.write(f"UNPORTED {exc}: this statement was not ported; the script stops here\n")
        status = UNPORTED_STATUS
    else:
        text = str(exc) if isinstance(exc, RError) else f"{kind.__name__}: {exc}"
        sys.stderr.write(f"Error: {text}\nExecution halted\n")
        status = 1
    sys.stderr.flush()
    os._exit(status)


class RError(RuntimeError):
    """An error an R script signals itself (stop()): its message is the condition's."""


def _typed_empties() -> tuple[Any, ...]:
    """The client's empty values (character(0), logical(0), numeric(0)), if the client has them."""
    try:
        from paws_compat import _result
    except ImportError:
        return ()
    return tuple(getattr(_result, name) for name in dir(_result) if name.startswith("EMPTY_"))


_EMPTIES: tuple[Any, ...] | None = None


def _is_typed_empty(value: Any) -> bool:
    global _EMPTIES
    if _EMPTIES is None:
        _EMPTIES = _typed_empties()
    return any(value is empty for empty in _EMPTIES)


def _elements(value: Any) -> list[Any]:
    """The value as R sees a vector: NULL and empties have no elements, a scalar has one."""
    if value is None or _is_typed_empty(value):
        return []
    if isinstance(value, _SCALARS):
        return [value]
    if isinstance(value, Mapping):
        return list(value.values())
    if isinstance(value, Iterable):
        return list(value)
    return [value]


def typed_empty(r_type: str) -> Any:
    """R's character(0), numeric(0) or logical(0): the client's typed empty value, which prints
    as R prints it (an empty list prints as list())."""
    for empty in _typed_empties():
        if getattr(empty, "r_type", None) == r_type:
            return empty
    raise ValueError(f"no typed empty value for {r_type}")


def length(value: Any) -> int:
    """R's length(): 1 for a string or a number, 0 for NULL and paws' empty values."""
    return len(_elements(value))


def elt(value: Any, index: Any) -> Any:
    """R's x[[i]] when i is known only at run time: a name, or a position counted from 1."""
    if isinstance(index, str):
        return value[index]
    return _elements(value)[int(index) - 1]


def c(*values: Any) -> list[Any]:
    """R's c() on unnamed vectors: one flat list."""
    out: list[Any] = []
    for value in values:
        out.extend(_elements(value))
    return out


def unlist(value: Any) -> list[Any]:
    """R's unlist(): every scalar leaf, depth first."""
    out: list[Any] = []
    for item in _elements(value):
        if isinstance(item, _SCALARS):
            out.append(item)
        else:
            out.extend(unlist(item))
    return out


# ---- numbers as R writes them ----------------------------------------------------------------


def format_number(value: float, digits: int) -> str:
    """A number as R formats it with `digits` significant digits (fixed unless scientific is shorter).

    as.character() and paste() use 15 digits, cat() and print() 7; 100000 is "1e+05" in both.
    """
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Inf" if value > 0 else "-Inf"
    if value == 0:
        return "0"
    sig, exponent = _significant(value, digits)
    negative = 1 if value < 0 else 0
    decimals = max(0, sig - 1 - exponent)
    fixed_width = negative + max(1, exponent + 1) + (1 + decimals if decimals else 0)
    sci_width = negative + (sig + 1 if sig > 1 else 1) + (4 if abs(exponent) < 100 else 5)
    if fixed_width <= sci_width:
        return f"{value:.{decimals}f}"
    return f"{value:.{sig - 1}e}"


def _significant(value: float, digits: int) -> tuple[int, int]:
    """How many significant digits (at most `digits`) `value` needs, and its decimal exponent."""
    text = f"{abs(value):.{digits - 1}e}"
    mantissa, _, exp = text.partition("e")
    figures = mantissa.replace(".", "").rstrip("0")
    return max(1, len(figures)), int(exp)


def _as_character(value: Any, digits: int = 15) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        return format_number(float(value), digits)
    if value is None:
        return "NULL"
    if isinstance(value, BaseException):
        return str(value)
    # A list inside a list: R deparses it; the nearest plain form is its elements.
    inner = [_as_character(item, digits) for item in _elements(value)]
    return inner[0] if len(inner) == 1 else 'c("' + '", "'.join(inner) + '")'


# ---- paste, cat, message, sprintf ------------------------------------------------------------


def paste(*values: Any, sep: str = " ", collapse: str | None = None) -> Any:
    """R's paste(): vectorised, recycling; one string for one result, else a list of strings."""
    columns = [[_as_character(v) for v in _elements(value)] for value in values]
    width = max((len(col) for col in columns), default=0)
    if width == 0:
        rows: list[str] = []
    else:
        # A zero-length argument counts as "" (R 4.0.1 and later without recycle0).
        columns = [col or [""] for col in columns]
        rows = [sep.join(col[i % len(col)] for col in columns) for i in range(width)]
    if collapse is not None:
        return collapse.join(rows)
    if len(rows) == 1:
        return rows[0]
    return rows


def paste0(*values: Any, collapse: str | None = None) -> Any:
    """R's paste0(): paste() with no separator."""
    return paste(*values, sep="", collapse=collapse)


def cat(*values: Any, sep: Any = " ", file: IO[str] | None = None) -> None:
    """R's cat(): every element of every argument, `sep` between them (cycled when several).

    As in R's do_cat: a separator goes before every argument but the first unless it is NULL (so a
    zero-length vector still takes a slot), and a final newline is added when a separator holds one.
    """
    seps = [str(s) for s in _elements(sep)] or [""]
    out: list[str] = []
    count = 0
    for position, value in enumerate(values):
        if position != 0 and value is not None:
            out.append(seps[count % len(seps)])
            count += 1
        items = _elements(value)
        for i, item in enumerate(items):
            out.append(_as_character(item, 7))
            if i < len(items) - 1:
                out.append(seps[count % len(seps)])
                count += 1
    if any("\n" in s for s in seps):
        out.append("\n")
    stream = sys.stdout if file is None else file
    stream.write("".join(out))
    stream.flush()


def message(*values: Any) -> None:
    """R's message(): the arguments pasted together, a newline, on standard error."""
    text = "".join(_as_character(v) for value in values for v in _elements(value))
    sys.stdout.flush()
    sys.stderr.write(text + "\n")
    sys.stderr.flush()


def write_lines(text: Any, sep: str = "\n", file: IO[str] | None = None) -> None:
    """R's writeLines(): each element of a character vector followed by `sep`."""
    stream = sys.stdout if file is None else file
    stream.write("".join(_as_character(v) + sep for v in _elements(text)))
    stream.flush()


def sprintf(fmt: str, *values: Any) -> Any:
    """R's sprintf(): C formats, vectorised over its arguments; `%s` writes numbers as R does."""
    columns = [_elements(value) for value in values]
    if any(not col for col in columns):
        return []
    width = max((len(col) for col in columns), default=1)
    rows = [_format_once(fmt, [col[i % len(col)] for col in columns]) for i in range(width)]
    return rows[0] if len(rows) == 1 else rows


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
            raise ValueError(f"sprintf: unrecognised format specification '{fmt[i:]}'")
        spec, conversion = fmt[i + 1 : end], fmt[end]
        if position >= len(args):
            raise ValueError("sprintf: too few arguments")
        value = args[position]
        position += 1
        if conversion == "s":
            out.append(f"%{spec}s" % _as_character(value))
        elif conversion in "di":
            if isinstance(value, float) and not value.is_integer():
                raise ValueError(f"sprintf: invalid format '%{spec}d'; use format %f, %e, %g or %a")
            out.append(f"%{spec}d" % int(value))
        elif conversion in "feEgGxXo":
            number: Any = int(value) if conversion in "xXo" else float(value)
            out.append(f"%{spec}{conversion}" % number)
        else:
            raise ValueError(f"sprintf: unrecognised format specification '%{spec}{conversion}'")
        i = end + 1
    return "".join(out)


# ---- print -----------------------------------------------------------------------------------

_WIDTH = 80


def _quote(text: str) -> str:
    escapes = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}
    return '"' + "".join(escapes.get(ch, ch) for ch in text) + '"'


def _atomic_lines(items: list[Any], prefix_width: int = 0) -> list[str]:
    """An atomic vector as print() lays it out: `[i]` labels, common width, 80 columns."""
    if all(isinstance(v, str) for v in items):
        cells = [_quote(v) for v in items]
        size = max(len(cell) for cell in cells)
        cells = [cell.ljust(size) for cell in cells]
    else:
        if all(isinstance(v, bool) for v in items):
            cells = ["TRUE" if v else "FALSE" for v in items]
        else:
            cells = _format_numbers([float(v) for v in items])
        size = max(len(cell) for cell in cells)
        cells = [cell.rjust(size) for cell in cells]
    label_width = len(f"[{len(items)}]")
    per_line = max(1, (_WIDTH - label_width) // (size + 1))
    lines = []
    for start in range(0, len(cells), per_line):
        label = f"[{start + 1}]".rjust(label_width)
        lines.append(label + " " + " ".join(cells[start : start + per_line]))
    return lines


def _format_numbers(values: list[float]) -> list[str]:
    """Numbers of one vector share their decimals, as in R (c(1, 2.5) prints 1.0 2.5)."""
    texts = [format_number(v, 7) for v in values]
    if any("e" in t for t in texts) or not texts:
        return texts
    decimals = max((len(t.partition(".")[2]) for t in texts), default=0)
    return [f"{v:.{decimals}f}" if math.isfinite(v) else t for v, t in zip(values, texts, strict=True)]


def _is_atomic(value: Any) -> bool:
    if isinstance(value, _SCALARS) or _is_typed_empty(value):
        return True
    if isinstance(value, (list, tuple)) and value:
        kinds = {str if isinstance(v, str) else bool if isinstance(v, bool) else float for v in value}
        return all(isinstance(v, _SCALARS) for v in value) and len(kinds) == 1
    return False


def _empty_name(value: Any) -> str:
    text = repr(value)
    for name in ("character(0)", "logical(0)", "numeric(0)"):
        if name in text:
            return name
    return "character(0)"


def _print_lines(value: Any, prefix: str = "") -> list[str]:
    if value is None:
        return ["NULL"]
    if _is_typed_empty(value):
        return [_empty_name(value)]
    if _is_atomic(value):
        return _atomic_lines(_elements(value))
    if isinstance(value, BaseException):
        return [f"<simpleError: {value}>"]
    if isinstance(value, Mapping):
        if not value:
            return ["list()"]  # paws' empty results are plain list()
        lines: list[str] = []
        for key, item in value.items():
            name = str(key)
            tag = f"{prefix}${name}" if name.isidentifier() else f"{prefix}$`{name}`"
            lines.append(tag)
            lines.extend(_print_lines(item, tag))
            lines.append("")
        return lines
    items = _elements(value)
    if not items:
        return ["list()"]
    lines = []
    for index, item in enumerate(items, start=1):
        tag = f"{prefix}[[{index}]]"
        lines.append(tag)
        lines.extend(_print_lines(item, tag))
        lines.append("")
    return lines


def rprint(value: Any) -> Any:
    """R's print(): `[1] "x"`, `[1] 3`, `NULL`, lists as `$name` blocks; returns the value."""
    sys.stdout.write("".join(line + "\n" for line in _print_lines(value)))
    sys.stdout.flush()
    return value

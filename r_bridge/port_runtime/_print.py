"""R's print(): what a ported script's visible values look like, line for line."""

from __future__ import annotations

import math
import sys
from collections.abc import Mapping
from typing import Any

from ._access import member
from ._dates import RDate, RTime, Temporal
from ._halt import NotPorted
from ._json import Json
from ._na import NAType
from ._text import format_number, significant
from ._time import EMPTY_POSIXCT, POSIXct
from ._values import Vector, elements, is_atomic, is_empty

# ---- print -----------------------------------------------------------------------------------

_WIDTH = 80


def _quote(text: str) -> str:
    escapes = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}
    return '"' + "".join(escapes.get(ch, ch) for ch in text) + '"'


def _atomic_lines(items: list[Any], prefix_width: int = 0) -> list[str]:
    """An atomic vector as print() lays it out: `[i]` labels, common width, 80 columns."""
    cells = _cells(items)
    if any(isinstance(v, (str, RDate, RTime)) for v in items) or all(
        getattr(v, "r_type", None) == "character" for v in items
    ):
        size = max(len(cell) for cell in cells)
        cells = [cell.ljust(size) for cell in cells]
    else:
        size = max(len(cell) for cell in cells)
        cells = [cell.rjust(size) for cell in cells]
    label_width = len(f"[{len(items)}]")
    per_line = max(1, (_WIDTH - label_width) // (size + 1))
    lines = []
    for start in range(0, len(cells), per_line):
        label = f"[{start + 1}]".rjust(label_width)
        lines.append(label + " " + " ".join(cells[start : start + per_line]))
    return lines


def _cells(items: list[Any]) -> list[str]:
    """Each element as print() writes it: strings quoted, NA bare, numbers in one format."""
    if any(isinstance(v, Temporal) for v in items):
        if not all(isinstance(v, (RDate, RTime)) for v in items):
            raise NotPorted("printing a vector of difftimes or of mixed classes")
        return ['"' + (v.text(usetz=True) if isinstance(v, RTime) else v.text()) + '"' for v in items]
    if any(isinstance(v, str) or getattr(v, "r_type", None) == "character" for v in items):
        return ["NA" if isinstance(v, NAType) else _quote(v) for v in items]
    if all(isinstance(v, (bool, NAType)) for v in items):
        return ["NA" if isinstance(v, NAType) else "TRUE" if v else "FALSE" for v in items]
    numbers = iter(_format_numbers([float(v) for v in items if not isinstance(v, NAType)]))
    return ["NA" if isinstance(v, NAType) else next(numbers) for v in items]


def _named_lines(items: list[Any], names: list[str]) -> list[str]:
    """A named vector: the names above the values, every column as wide as the widest name or
    value, right-aligned, as many columns as fit in 80."""
    cells = _cells(items)
    size = max(len(text) for text in [*cells, *names])
    per_line = max(1, _WIDTH // (size + 1))
    lines = []
    for start in range(0, len(cells), per_line):
        part = slice(start, start + per_line)
        lines.append("".join(n.rjust(size) + " " for n in names[part]))
        lines.append("".join(c.rjust(size) + " " for c in cells[part]))
    return lines


def _format_numbers(values: list[float]) -> list[str]:
    """A numeric vector as print() writes it: one format for all (R's formatReal), fixed with
    common decimals unless scientific is narrower (c(1, 2.5) is 1.0 2.5; c(0, 1e5) 0e+00 1e+05)."""
    finite = [v for v in values if math.isfinite(v)]
    if not finite:
        return [format_number(v, 7) for v in values]
    parts = [significant(v, 7) if v != 0 else (1, 0) for v in finite]
    negative = any(v < 0 for v in finite)
    decimals = max(max(0, sig - 1 - exp) for sig, exp in parts)
    int_width = max(max(1, exp + 1) for _, exp in parts)
    fixed_width = negative + int_width + (1 + decimals if decimals else 0)
    mantissa = max(sig for sig, _ in parts) - 1
    big = any(abs(exp) >= 100 for _, exp in parts)
    sci_width = negative + 1 + (1 + mantissa if mantissa else 0) + (5 if big else 4)
    out = []
    for v in values:
        if not math.isfinite(v):
            out.append(format_number(v, 7))
        elif fixed_width <= sci_width:
            out.append(f"{v:.{decimals}f}")
        else:
            text = f"{v:.{mantissa}e}"
            head, _, exp = text.partition("e")
            out.append(f"{head}e{exp[0]}{exp[1:].zfill(3 if big else 2)}")
    return out


def _print_lines(value: Any, prefix: str = "") -> list[str]:
    if value is None:
        return ["NULL"]
    if isinstance(value, POSIXct):
        return [value.print_line()]
    if value is EMPTY_POSIXCT:
        return ["POSIXct of length 0"]
    if is_empty(value):
        return [repr(value)]
    if isinstance(value, Json):
        return [str(value) + " "]
    if isinstance(value, Temporal):
        return value.r_print()
    if isinstance(value, Vector) and value.names is not None:
        return _named_lines(list(value), value.names)
    if is_atomic(value):
        return _atomic_lines(elements(value))
    if isinstance(value, BaseException):
        raise NotPorted("printing a condition (R shows the call it came from)")
    if callable(value):
        raise NotPorted("printing a function (R shows its source)")
    if isinstance(value, Mapping):
        if not value:
            return ["list()"]  # paws' empty results are plain list()
        lines: list[str] = []
        for index, key in enumerate(value, start=1):
            item = member(value, key)
            name = str(key)
            if not name:
                tag = f"{prefix}[[{index}]]"
            else:
                tag = f"{prefix}${name}" if name.isidentifier() else f"{prefix}$`{name}`"
            lines.append(tag)
            lines.extend(_print_lines(item, tag))
            lines.append("")
        return lines
    items = elements(value)
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


def show(value: Any) -> None:
    """R's auto-print of a visible top-level value (its print(), the value dropped)."""
    rprint(value)

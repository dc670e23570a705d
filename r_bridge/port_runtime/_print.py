"""R's print(): what a ported script's visible values look like, line for line."""

from __future__ import annotations

import math
import sys
from collections.abc import Mapping
from typing import Any

from ._access import member
from ._halt import NotPorted
from ._json import Json
from ._text import format_number
from ._values import Vector, elements, is_atomic, is_empty

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


def _print_lines(value: Any, prefix: str = "") -> list[str]:
    if value is None:
        return ["NULL"]
    if is_empty(value):
        return [repr(value)]
    if isinstance(value, Json):
        return [str(value) + " "]
    if isinstance(value, Vector) and value.names is not None:
        raise NotPorted("printing a named vector (R prints the names above the values)")
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
        for key in value:
            item = member(value, key)
            name = str(key)
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

"""jsonlite's toJSON() and fromJSON(simplifyVector = FALSE), as jsonlite writes and reads JSON."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any

from ._halt import NotPorted
from ._values import SCALARS, Vector, elements, is_empty


class Json(str):
    """jsonlite's "json" class: a string that prints bare."""

    __slots__ = ()


def _number(value: float, digits: int) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if math.isnan(value) or math.isinf(value):
        raise NotPorted("toJSON() of NaN or Inf")
    rounded = round(value, digits)
    if rounded == int(rounded):
        text = str(int(rounded))
        return "-0" if text == "0" and value < 0 else text
    return format(rounded, ".15g")


def _encode(value: Any, auto_unbox: bool, digits: int) -> str:
    if value is None:
        return "{}"
    if isinstance(value, Mapping):
        if not value:
            return "{}"
        if any(not str(k) for k in value):
            raise NotPorted("toJSON() of a list with some elements unnamed")
        return (
            "{"
            + ",".join(
                json.dumps(str(k), ensure_ascii=False) + ":" + _encode(v, auto_unbox, digits)
                for k, v in value.items()
            )
            + "}"
        )
    if isinstance(value, (Vector, *SCALARS)) or is_empty(value):
        items = elements(value)
        if isinstance(value, Vector) and value.names is not None:
            raise NotPorted("toJSON() of a named vector")
        cells = [
            json.dumps(v, ensure_ascii=False) if isinstance(v, str) else _number(v, digits) for v in items
        ]
        if auto_unbox and len(cells) == 1 and not isinstance(value, Vector):
            return cells[0]
        return "[" + ",".join(cells) + "]"
    if isinstance(value, list):
        return "[" + ",".join(_encode(v, auto_unbox, digits) for v in value) + "]"
    raise NotPorted(f"toJSON() of a {type(value).__name__}")


def to_json(x: Any, auto_unbox: bool = False, digits: int = 4, pretty: bool = False) -> Json:
    """jsonlite::toJSON: numbers rounded to `digits` decimals, compact, UTF-8 kept as is."""
    if pretty:
        raise NotPorted("toJSON(pretty = TRUE)")
    return Json(_encode(x, auto_unbox, digits))


def from_json(txt: Any, simplifyVector: bool = True) -> Any:
    """jsonlite::fromJSON(simplifyVector = FALSE): objects as named lists, arrays as lists."""
    if simplifyVector:
        raise NotPorted("fromJSON() simplifying to vectors and data frames (use simplifyVector = FALSE)")
    return json.loads(str(txt))

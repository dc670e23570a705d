"""R's vectorised maths: sqrt, abs, round (half to even, as R 4), floor, ceiling, seq()."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from ._halt import NotPorted, RError
from ._na import NA_real_, NAType
from ._values import elements, keep_names, vector


def _each(x: Any, fn: Callable[[float], Any], kind: str = "numeric") -> Any:
    out = []
    for v in elements(x):
        if isinstance(v, str) or getattr(v, "r_type", None) == "character":
            raise RError("non-numeric argument to mathematical function")
        try:
            out.append(NA_real_ if isinstance(v, NAType) else fn(v))
        except TypeError:
            raise NotPorted("a mathematical function of a date, time or other object") from None
    return keep_names(vector(out, kind), x)


def _sqrt(v: float) -> float:
    if v < 0:
        raise NotPorted("sqrt() of a negative number is NaN with a warning in R")
    return math.sqrt(v)


def sqrt(x: Any) -> Any:
    return _each(x, _sqrt)


def abs_(x: Any) -> Any:
    return _each(x, lambda v: abs(int(v)) if isinstance(v, bool) else abs(v))


def round_(x: Any, digits: Any = 0) -> Any:
    places = int(digits)
    return _each(x, lambda v: float(round(v, places)) if isinstance(v, float) else round(v, places))


def floor(x: Any) -> Any:
    return _each(x, lambda v: float(math.floor(v)) if isinstance(v, float) else v)


def ceiling(x: Any) -> Any:
    return _each(x, lambda v: float(math.ceil(v)) if isinstance(v, float) else v)


def seq(from_: Any = 1, to: Any = 1, by: Any = None, length_out: Any = None) -> Any:
    """seq(from, to, by): from, from + by, ... up to to."""
    if length_out is not None:
        raise NotPorted("seq(length.out = )")
    step = (1 if to >= from_ else -1) if by is None else by
    if step == 0 or (to - from_) * step < 0:
        raise RError("wrong sign in 'by' argument")
    count = math.floor((to - from_) / step + 1e-10) + 1
    values = [from_ + i * step for i in range(count)]
    return vector(
        [int(v) if isinstance(v, float) and v.is_integer() and isinstance(from_, int) else v for v in values]
    )


# Operators given as functions (Reduce(`+`, x), sapply(x, `-`)).
def plus(a: Any, b: Any = None) -> Any:
    from ._access import arith

    return arith("+", a, b) if b is not None else a


def minus(a: Any, b: Any = None) -> Any:
    from ._access import arith, neg

    return arith("-", a, b) if b is not None else neg(a)


def times(a: Any, b: Any) -> Any:
    from ._access import arith

    return arith("*", a, b)

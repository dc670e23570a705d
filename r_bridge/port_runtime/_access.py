"""R's `$`, `[[`, their assignments (copy-on-modify), its operators and its `if`.

These are called where the porter cannot know a value's type: they decide at run time as R does,
so a condition's `$message`, an absent member compared in an `if`, or a copied list changed
later behave as in R, never as Python's nearest spelling would.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Mapping
from typing import Any

from ._dates import RDate, RTime
from ._halt import UNKNOWN_CALL, NotPorted, RError
from ._na import NA, NA_real_, NAType, is_na_value
from ._text import as_character
from ._time import timestamp_value
from ._values import SCALARS, Vector, elements, has_names, is_atomic, is_empty, keep_names, vector


def _condition_field(exc: BaseException, name: str) -> Any:
    if name == "message":
        return str(exc)
    if name == "call":
        return None
    return getattr(exc, name, None)


def member(x: Mapping[str, Any], name: str) -> Any:
    """A member as paws gives it: a list of scalars in a result is an atomic vector in R."""
    value = x[name]
    shape = getattr(x, "shape", None)
    member = shape.members.get(name) if shape is not None and hasattr(shape, "members") else None
    if (
        member is not None
        and member.shape.type == "list"
        and member.shape.member is not None
        and member.shape.member.is_scalar
        and isinstance(value, list)
        and value
    ):
        return vector(list(value))
    if member is not None and member.shape.type == "timestamp":
        return timestamp_value(value)  # POSIXct, as paws gives it
    return value


def dollar(x: Any, name: str) -> Any:
    """x$name: a list's member by exact, else unique partial, name; NULL when absent."""
    if isinstance(x, Mapping):
        if name in x:
            return member(x, name)
        found = [k for k in x if isinstance(k, str) and k.startswith(name)]
        return member(x, found[0]) if len(found) == 1 else None
    if isinstance(x, BaseException):
        return _condition_field(x, name)
    if x is None or (isinstance(x, list) and not isinstance(x, Vector)):
        return None
    if is_atomic(x):
        raise RError("$ operator is invalid for atomic vectors")
    return getattr(x, name)  # a client's operation


def elt(x: Any, index: Any) -> Any:
    """x[[i]]: by exact name, or by position counted from 1."""
    if isinstance(index, str):
        if isinstance(x, Mapping):
            return member(x, index) if index in x else None
        if isinstance(x, BaseException):
            return _condition_field(x, index)
        if isinstance(x, Vector) and x.names is not None and index in x.names:
            return x[x.names.index(index)]
        if x is None or (isinstance(x, list) and not isinstance(x, Vector)):
            return None
        raise RError("subscript out of bounds")
    if x is None:
        return None
    position = int(index)
    items = elements(x)
    if position < 1 or position > len(items):
        raise RError("subscript out of bounds")
    return items[position - 1]


def set_elt(x: Any, index: Any, value: Any) -> Any:
    """x[[i]] <- value and x$name <- value: a changed copy (R copies on modify); NULL removes."""
    if isinstance(index, str):
        if x is None or (isinstance(x, list) and not x):
            x = {}
        if not isinstance(x, Mapping):
            raise NotPorted("assigning by name into an unnamed list or a vector")
        out = dict(x)
        if value is None:
            out.pop(index, None)
        else:
            out[index] = value
        return out
    position = int(index)
    if position < 1:
        raise RError("subscript out of bounds")
    if isinstance(x, Mapping):
        keys = list(x)
        if position > len(keys):
            raise NotPorted("assigning past the end of a named list")
        out = dict(x)
        if value is None:
            del out[keys[position - 1]]
        else:
            out[keys[position - 1]] = value
        return out
    atomic = is_atomic(x) and x is not None and not is_empty(x)
    if atomic and (value is None or not isinstance(value, SCALARS)):
        raise NotPorted("assigning a list or NULL into an atomic vector")
    items = elements(x)
    if value is None:
        if position <= len(items):
            del items[position - 1]
        return items
    if has_names(x) and (value is None or position > len(items)):
        raise NotPorted("removing or adding an element of a named vector")
    items.extend([None] * (position - len(items)))
    items[position - 1] = value
    return keep_names(vector(items), x) if atomic else items


# ---- operators, element by element with recycling ----------------------------------------------


def _numbers(value: Any) -> list[Any]:
    out = []
    for v in elements(value):
        if isinstance(v, str) or (isinstance(v, NAType) and v.r_type == "character"):
            raise RError("non-numeric argument to binary operator")
        out.append(v)
    return out


def _na_safe(fn: Callable[[Any, Any], Any], missing: Any) -> Callable[[Any, Any], Any]:
    """fn, giving `missing` when either side is NA (R's NA propagating through an operator)."""

    def apply(a: Any, b: Any) -> Any:
        # NA_integer_ and NA_real_ print alike; a Python int may be R's 1L or 1 anyway.
        return missing if isinstance(a, NAType) or isinstance(b, NAType) else fn(a, b)

    return apply


def _recycle(a: list[Any], b: list[Any], fn: Callable[[Any, Any], Any], kind: str) -> Any:
    if not a or not b:
        return vector([], kind)
    n = max(len(a), len(b))
    return vector([fn(a[i % len(a)], b[i % len(b)]) for i in range(n)], kind)


def _divide(a: Any, b: Any) -> float:
    if b == 0:
        return math.nan if a == 0 or math.isnan(a) else math.copysign(math.inf, a) * math.copysign(1, b)
    return a / b


def _floor_divide(a: Any, b: Any) -> Any:
    if b == 0:
        return _divide(a, b) if isinstance(a, float) or isinstance(b, float) else _na_integer()
    return a // b


def _modulo(a: Any, b: Any) -> Any:
    if b == 0:
        return math.nan if isinstance(a, float) or isinstance(b, float) else _na_integer()
    return a % b


def _na_integer() -> Any:
    raise NotPorted("integer division by zero is NA in R (NA is not ported)")


def _power(a: Any, b: Any) -> Any:
    if a < 0 and not float(b).is_integer():
        return math.nan
    return a**b


_ARITHMETIC: dict[str, Callable[[Any, Any], Any]] = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "/": _divide,
    "^": _power,
    "%/%": _floor_divide,
    "%%": _modulo,
}


def arith(op: str, a: Any, b: Any) -> Any:
    """An arithmetic operator of R on any two values."""
    fn = _na_safe(_ARITHMETIC[op], NA_real_)
    try:
        return keep_names(_recycle(_numbers(a), _numbers(b), fn, "numeric"), a, b)
    except TypeError:  # a date plus a date, a difftime times two...: R's rules, not Python's
        raise NotPorted(f"'{op}' of these values (dates, times or other objects)") from None


def neg(a: Any) -> Any:
    return keep_names(vector([v if isinstance(v, NAType) else -v for v in _numbers(a)], "numeric"), a)


_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


def compare(op: str, a: Any, b: Any) -> Any:
    """A comparison of R: element by element; a string against a number compares as strings."""
    xs, ys = elements(a), elements(b)
    temporal = [v for v in xs + ys if isinstance(v, (RDate, RTime))]
    if temporal and len(temporal) != len(xs + ys):
        raise NotPorted("comparing a date or time with a value of another class")
    for side in (xs, ys):
        if any(not isinstance(v, (*SCALARS, RDate, RTime)) for v in side):
            raise NotPorted("comparing a list (R coerces it element by element)")
    if any(isinstance(v, str) or getattr(v, "r_type", None) == "character" for v in xs + ys):
        xs, ys = [as_character(v) for v in xs], [as_character(v) for v in ys]
    return keep_names(_recycle(xs, ys, _na_safe(_COMPARE[op], NA), "logical"), a, b)


def _logical(value: Any, what: str) -> list[Any]:
    out: list[Any] = []
    for v in elements(value):
        if isinstance(v, str) or (isinstance(v, NAType) and v.r_type == "character"):
            raise RError(f"invalid argument type{what}")
        out.append(NA if is_na_value(v) else bool(v))
    return out


def not_(a: Any) -> Any:
    return keep_names(vector([v if v is NA else not v for v in _logical(a, "")], "logical"), a)


def _and(x: Any, y: Any) -> Any:
    """R's three-valued `&`: FALSE wins over NA."""
    if x is False or y is False:
        return False
    return NA if NA in (x, y) else True


def _or(x: Any, y: Any) -> Any:
    if x is True or y is True:
        return True
    return NA if NA in (x, y) else False


def and_(a: Any, b: Any) -> Any:
    """`&`: element by element."""
    return keep_names(_recycle(_logical(a, ""), _logical(b, ""), _and, "logical"), a, b)


def or_(a: Any, b: Any) -> Any:
    return keep_names(_recycle(_logical(a, ""), _logical(b, ""), _or, "logical"), a, b)


def scalar_and(a: Any, b: Callable[[], Any]) -> Any:
    """`a && b` where a side may be NA: b only when a is not FALSE; NA unless one is FALSE."""
    first = _one_logical(a)
    if first is False:
        return False
    return _and(first, _one_logical(b()))


def scalar_or(a: Any, b: Callable[[], Any]) -> Any:
    first = _one_logical(a)
    if first is True:
        return True
    return _or(first, _one_logical(b()))


def _one_logical(value: Any) -> Any:
    if len(elements(value)) == 1 and is_na_value(elements(value)[0]):
        return NA
    return truth(value)


def truth(value: Any) -> bool:
    """The test of `if`, `while`, `&&` and `||`: one TRUE or FALSE, or the error R gives."""
    items = elements(value)
    if not items:
        raise RError("argument is of length zero")
    if len(items) > 1:
        raise RError("the condition has length > 1")
    item = items[0]
    if isinstance(item, bool):
        return item
    if isinstance(item, NAType):
        raise RError("missing value where TRUE/FALSE needed")
    if isinstance(item, (int, float)):
        if isinstance(item, float) and math.isnan(item):
            raise RError("missing value where TRUE/FALSE needed")
        return item != 0
    if isinstance(item, str):
        if item in ("TRUE", "true", "T", "True"):
            return True
        if item in ("FALSE", "false", "F", "False"):
            return False
        raise RError("argument is not interpretable as logical")
    raise RError("argument is of length zero" if item is None else "argument is not interpretable as logical")


def in_(x: Any, table: Any) -> Any:
    """x %in% table: for each element of x, whether table holds it."""
    xs, ys = elements(x), elements(table)
    if any(isinstance(v, str) for v in xs + ys):
        xs, ys = [as_character(v) for v in xs], [as_character(v) for v in ys]
    found = set()
    for v in ys:
        try:
            found.add(_key(v))
        except TypeError:
            raise NotPorted("%in% on a list of lists") from None
    return vector([_key(v) in found for v in xs], "logical")


def _key(v: Any) -> Any:
    """What %in% matches on: every NA is one value, NaN another."""
    if isinstance(v, NAType):
        return _NA_KEY
    return _NAN_KEY if isinstance(v, float) and v != v else v


_NA_KEY, _NAN_KEY = object(), object()


def switch_key(x: Any) -> str:
    """switch()'s EXPR: a string picks by name; a number would pick by position (not ported)."""
    items = elements(x)
    if len(items) != 1:
        raise RError("EXPR must be a length 1 vector")
    if not isinstance(items[0], str):
        raise NotPorted("switch() on a number (R picks the alternative by position)")
    return items[0]


def switch_index(
    x: Any,
    names: tuple[str | None, ...],
    empty: tuple[int, ...] = (),
    duplicate: tuple[str, str] | None = None,
    call: Any = UNKNOWN_CALL,
) -> int | None:
    """The alternative switch(x, ...) takes (0-based), or None for none (R's invisible NULL): a
    string by name, an empty alternative falling through to the next; a number by position."""
    items = elements(x)
    if len(items) != 1 or not isinstance(items[0], (str, int, float)):
        raise RError("EXPR must be a length 1 vector")
    value = items[0]
    if isinstance(value, str):
        if duplicate is not None:
            raise RError(f"duplicate 'switch' defaults: '{duplicate[0]}' and '{duplicate[1]}'", call)
        at = next((i for i, name in enumerate(names) if name == value), None)
        if at is None:
            return next((i for i, name in enumerate(names) if name is None), None)
        while at in empty:
            at += 1
        return at if at < len(names) else None
    if isinstance(value, float) and value != value:
        raise NotPorted("switch() on NA")
    position = int(value)  # R truncates: switch(1.9, "a", "b") is "a"
    if not 1 <= position <= len(names):
        return None
    if position - 1 in empty:
        raise RError("empty alternative in numeric switch")
    return position - 1


def switch_of(choice: int | None, *alternatives: Callable[[], Any] | None) -> Any:
    """switch() inside an expression: the alternative switch_index() chose, evaluated alone."""
    if choice is None:
        return None
    picked = alternatives[choice]
    assert picked is not None  # switch_index() falls through empty alternatives
    return picked()

"""R's values in a ported script, and the few rules that make them behave as R's.

A ported script holds R values as plain Python where Python means the same thing: NULL is None,
a vector of length one is a str, bool, int or float, a named list is a dict (or a paws_compat
Record), an unnamed list is a list. What Python has no word for gets a small class here: an atomic
vector of another length is a `Vector` (a list that prints and compares as R's vectors do), an
empty one is a typed empty (`character(0)`, `integer(0)`...).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from paws_compat._result import EMPTY_CHARACTER, EMPTY_LOGICAL, EMPTY_NUMERIC, TypedEmpty

from ._halt import NotPorted, RError

SCALARS = (str, bool, int, float)
EMPTY_INTEGER = TypedEmpty("integer", "int(0) ", "EMPTY_INTEGER")
EMPTIES = {
    "character": EMPTY_CHARACTER,
    "logical": EMPTY_LOGICAL,
    "numeric": EMPTY_NUMERIC,
    "double": EMPTY_NUMERIC,
    "integer": EMPTY_INTEGER,
}


class Vector(list[Any]):
    """An atomic vector of length other than one (a scalar stays a Python scalar)."""

    __slots__ = ("names",)

    def __init__(self, items: Iterable[Any] = (), names: list[str] | None = None) -> None:
        super().__init__(items)
        self.names = names


def typed_empty(r_type: str) -> Any:
    """character(0), numeric(0), logical(0) or integer(0)."""
    return EMPTIES[r_type]


def is_empty(value: Any) -> bool:
    return isinstance(value, TypedEmpty)


def r_type(value: Any) -> str:
    """The R type of one scalar: character, logical, integer or double."""
    if isinstance(value, str):
        return "character"
    if isinstance(value, bool):
        return "logical"
    if isinstance(value, int):
        return "integer"
    return "double"


def is_atomic(value: Any) -> bool:
    return isinstance(value, (*SCALARS, Vector, TypedEmpty))


def elements(value: Any) -> list[Any]:
    """The value as R sees a vector or list: NULL and empties have none, a scalar has one."""
    if value is None or isinstance(value, TypedEmpty):
        return []
    if isinstance(value, SCALARS):
        return [value]
    if isinstance(value, Mapping):
        return list(value.values())
    if isinstance(value, BaseException):
        return [value]
    if isinstance(value, Iterable):
        return list(value)
    return [value]


def vector(items: list[Any], kind: str | None = None, names: list[str] | None = None) -> Any:
    """R's result of an atomic operation: a scalar for one element, a typed empty for none."""
    if not items:
        return EMPTIES[kind or "logical"]
    if len(items) == 1 and names is None:
        return items[0]
    return Vector(items, names)


def common(items: list[Any]) -> list[Any]:
    """c()'s coercion: to character if any is a string, else to numbers if any is one."""
    from ._text import as_character

    if any(isinstance(v, str) for v in items):
        return [as_character(v) for v in items]
    if any(not isinstance(v, bool) for v in items):
        return [int(v) if isinstance(v, bool) else v for v in items]
    return items


def c(*values: Any) -> Any:
    """R's c(): one flat atomic vector, or a list when an argument is a list."""
    if any(not is_atomic(v) and v is not None for v in values):
        out: list[Any] = []
        for value in values:
            out.extend(elements(value) if not is_atomic(value) else [*elements(value)])
        return out
    items = [item for value in values for item in elements(value)]
    kinds = [v.r_type for v in values if isinstance(v, TypedEmpty)]
    return vector(common(items), kinds[0] if kinds else None)


def length(value: Any) -> int:
    """R's length(): 1 for a string or a number, 0 for NULL and empty vectors."""
    return len(elements(value))


def unlist(value: Any) -> Any:
    """R's unlist(): every scalar leaf, depth first, as one atomic vector."""
    if isinstance(value, Mapping) and value:
        raise NotPorted("unlist() of a named list (R keeps the names; not ported)")
    if is_atomic(value) or value is None:
        return value
    out: list[Any] = []
    for item in elements(value):
        if isinstance(item, SCALARS):
            out.append(item)
        else:
            out.extend(elements(unlist(item)))
    return vector(common(out)) if out else None


def each(value: Any) -> list[Any]:
    """What `for (x in value)` walks: the elements (a named list's values, a string once)."""
    return elements(value)


def seq_along(value: Any) -> range:
    return range(1, length(value) + 1)


def seq_len(n: Any) -> range:
    count = int(n)
    if count < 0:
        raise RError("argument of length 0")
    return range(1, count + 1)


def colon(start: Any, end: Any) -> Any:
    """R's a:b, counting down when b < a."""
    a, b = int(start), int(end)
    step = 1 if b >= a else -1
    return vector(list(range(a, b + step, step)))


def names(value: Any) -> Any:
    if isinstance(value, Mapping):
        return vector(list(value)) if value else None
    if isinstance(value, Vector) and value.names is not None:
        return vector(list(value.names))
    return None


def head(x: Any, n: int = 6) -> Any:
    return _slice(x, slice(None, int(n)))


def tail(x: Any, n: int = 6) -> Any:
    return _slice(x, slice(-int(n), None) if n > 0 else slice(-int(n) or len(elements(x)), None))


def rev(x: Any) -> Any:
    return _slice(x, slice(None, None, -1))


def _slice(x: Any, part: slice) -> Any:
    if isinstance(x, Mapping):
        keys = list(x)[part]
        return {k: x[k] for k in keys}
    if isinstance(x, Vector) and x.names is not None:
        raise NotPorted("slicing a named vector")
    items = elements(x)[part]
    if isinstance(x, list) and not isinstance(x, Vector):
        return items
    kind = getattr(x, "r_type", None) or (r_type(elements(x)[0]) if elements(x) else None)
    return vector(items, {"double": "numeric"}.get(kind or "", kind))


def _numbers(values: tuple[Any, ...]) -> list[Any]:
    out = [v for value in values for v in elements(value)]
    if any(isinstance(v, str) or not isinstance(v, (bool, int, float)) for v in out):
        raise RError("invalid 'type' (character) of argument")
    return out


def r_sum(*values: Any) -> Any:
    out = _numbers(values)
    return sum(out) if out else 0


def r_max(*values: Any) -> Any:
    out = _numbers(values)
    if not out:
        raise NotPorted("max() of nothing is -Inf with a warning in R")
    return max(out)


def r_min(*values: Any) -> Any:
    out = _numbers(values)
    if not out:
        raise NotPorted("min() of nothing is Inf with a warning in R")
    return min(out)


def ifelse(test: Any, yes: Any, no: Any) -> Any:
    """R's ifelse(): element by element, recycling yes and no."""
    tests, ys, ns = elements(test), elements(yes), elements(no)
    out = []
    for i, t in enumerate(tests):
        if not isinstance(t, (bool, int, float)):
            raise NotPorted("ifelse() on a test that is not logical")
        source = ys if t else ns
        if not source:
            raise NotPorted("ifelse() with an empty yes or no")
        out.append(source[i % len(source)])
    return vector(common(out), "logical")

"""R's values in a ported script, and the few rules that make them behave as R's.

A ported script holds R values as plain Python where Python means the same thing: NULL is None,
a vector of length one is a str, bool, int or float, a named list is a dict (or a paws_compat
Record), an unnamed list is a list. What Python has no word for gets a small class here: an atomic
vector of another length is a `Vector` (a list that prints and compares as R's vectors do), an
empty one is a typed empty (`character(0)`, `integer(0)`...).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

from paws_compat._result import EMPTY_CHARACTER, EMPTY_LOGICAL, EMPTY_NUMERIC, TypedEmpty

from ._halt import NotPorted, RError
from ._na import NA, NA_real_, NAType, is_na_value

SCALARS = (str, bool, int, float, NAType)
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


def keep_names(result: Any, *inputs: Any) -> Any:
    """R's element-wise functions keep the names of the first input as long as the result."""
    n = len(elements(result))
    for x in inputs:
        if isinstance(x, Vector) and x.names is not None and len(x) == n:
            return Vector(elements(result), list(x.names))
    return result


def has_names(x: Any) -> bool:
    return isinstance(x, Vector) and x.names is not None


def typed_empty(r_type: str) -> Any:
    """character(0), numeric(0), logical(0) or integer(0)."""
    return EMPTIES[r_type]


def is_empty(value: Any) -> bool:
    return isinstance(value, TypedEmpty)


def r_type(value: Any) -> str:
    """The R type of one scalar: character, logical, integer or double."""
    if isinstance(value, str):
        return "character"
    if isinstance(value, NAType):
        return value.r_type
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

    kinds = {r_type(v) for v in items}
    if "character" in kinds:
        return [as_character(v) for v in items]
    if kinds - {"logical"}:
        return [NA_real_ if v is NA else int(v) if isinstance(v, bool) else v for v in items]
    return items


def c(*values: Any) -> Any:
    """R's c(): one flat atomic vector, or a list when an argument is a list."""
    classes = {type(v).__name__ for v in values if getattr(v, "r_class", None) is not None}
    if classes:
        # Dates with dates, times with times: a vector of them; mixed with others R converts.
        if (
            len(classes) != 1
            or classes == {"Difftime"}
            or any(getattr(v, "r_class", None) is None for v in values)
        ):
            raise NotPorted("c() of dates or times with other values")
        return Vector([item for value in values for item in elements(value)])
    if any(has_names(v) for v in values):
        from ._named import c_named

        return c_named([None] * len(values), *values)
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


def each(value: Any) -> list[Any]:
    """What `for (x in value)` walks: the elements (a named list's values, a string once)."""
    return elements(value)


def seq_along(value: Any) -> Any:
    return vector(list(range(1, length(value) + 1)), "integer")


def seq_len(n: Any) -> Any:
    count = int(n)
    if count < 0:
        raise RError("argument of length 0")
    return vector(list(range(1, count + 1)), "integer")


def colon(start: Any, end: Any) -> Any:
    """R's a:b, counting down when b < a."""
    a, b = int(start), int(end)
    step = 1 if b >= a else -1
    return vector(list(range(a, b + step, step)))


def names(value: Any) -> Any:
    if isinstance(value, Mapping):
        return vector([str(k) for k in value]) if value else None
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


def _numbers(values: tuple[Any, ...], na_rm: Any = False) -> list[Any]:
    out = [v for value in values for v in elements(value)]
    if any(not isinstance(v, SCALARS) for v in out):
        raise NotPorted("sum(), mean(), max() or min() of dates, times or lists")
    if any(isinstance(v, str) or r_type(v) == "character" for v in out):
        raise RError("invalid 'type' (character) of argument")
    if na_rm:
        return [v for v in out if not is_na_value(v)]
    return out


def _missing(out: list[Any]) -> Any:
    """NA when any element is NA (NaN when only NaNs are missing), as R's summaries give."""
    if any(isinstance(v, NAType) for v in out):
        return NA_real_  # NA_integer_ for integers: printed alike, and 1L and 1 are one here
    return math.nan if any(is_na_value(v) for v in out) else None


def r_sum(*values: Any, na_rm: Any = False) -> Any:
    out = _numbers(values, na_rm)
    missing = _missing(out)
    if missing is not None:
        return missing
    return sum(out) if out else 0


def r_mean(x: Any, na_rm: Any = False) -> Any:
    """mean(x): of one numeric vector (R's mean takes only x; more arguments are trim and na.rm)."""
    out = _numbers((x,), na_rm)
    missing = _missing(out)
    if missing is not None:
        return missing
    if not out:
        return math.nan
    return math.fsum(out) / len(out)


def r_max(*values: Any, na_rm: Any = False) -> Any:
    out = _numbers(values, na_rm)
    if not out:
        raise NotPorted("max() of nothing is -Inf with a warning in R")
    missing = _missing(out)
    return max(out) if missing is None else missing


def r_min(*values: Any, na_rm: Any = False) -> Any:
    out = _numbers(values, na_rm)
    if not out:
        raise NotPorted("min() of nothing is Inf with a warning in R")
    missing = _missing(out)
    return min(out) if missing is None else missing


def is_na(x: Any) -> Any:
    """is.na(): element by element (NaN is NA too); a list's elements each as one value."""
    if isinstance(x, Mapping) or (isinstance(x, list) and not isinstance(x, Vector)):
        raise NotPorted("is.na() of a list")
    return keep_names(vector([is_na_value(v) for v in elements(x)], "logical"), x)


def ifelse(test: Any, yes: Any, no: Any) -> Any:
    """R's ifelse(): element by element, recycling yes and no."""
    tests, ys, ns = elements(test), elements(yes), elements(no)
    out = []
    for i, t in enumerate(tests):
        if is_na_value(t):
            out.append(NA)
            continue
        if not isinstance(t, (bool, int, float)):
            raise NotPorted("ifelse() on a test that is not logical")
        source = ys if t else ns
        if not source:
            raise NotPorted("ifelse() with an empty yes or no")
        out.append(source[i % len(source)])
    return keep_names(vector(common(out), "logical"), test)


def r_vector(kind: str, n: Any) -> Any:
    """character(n), numeric(n), logical(n), integer(n): n empty strings, zeros or FALSEs."""
    fill = {"character": "", "numeric": 0, "double": 0, "integer": 0, "logical": False}[kind]
    return vector([fill] * int(n), kind)


def _atomic_items(x: Any, what: str) -> list[Any]:
    if not (is_atomic(x) or x is None):
        raise NotPorted(f"{what}() of a list")
    return elements(x)


def _kind_of(x: Any) -> str | None:
    items = elements(x)
    return getattr(x, "r_type", None) or (r_type(items[0]) if items else None)


def unique(x: Any) -> Any:
    if isinstance(x, list) and not isinstance(x, Vector):
        raise NotPorted("unique() of a list")
    out: list[Any] = []
    for v in _atomic_items(x, "unique"):
        if v not in out:
            out.append(v)
    return vector(out, _kind_of(x))


def _sortable(items: list[Any]) -> None:
    """Strings sort by the locale's collation in R; letters and digits of one case sort the same
    in every locale, anything else is not ported."""
    if any(is_na_value(v) for v in items):
        raise NotPorted("sorting with NA (R drops NA or puts it last)")
    strings = [v for v in items if isinstance(v, str)]
    if strings and not (
        all(s.isascii() and (s.isdigit() or (s.isalnum() and s.upper() == s)) for s in strings)
        or all(s.isascii() and (s.isdigit() or (s.isalnum() and s.lower() == s)) for s in strings)
    ):
        raise NotPorted(
            "sorting strings other than letters and digits of one case (R's order is the locale's)"
        )


def sort_(x: Any, decreasing: bool = False) -> Any:
    if has_names(x):
        raise NotPorted("sort() of a named vector (R sorts the names along)")
    items = _atomic_items(x, "sort")
    _sortable(items)
    return vector(sorted(items, reverse=bool(decreasing)), _kind_of(x))


def order(x: Any, decreasing: bool = False) -> Any:
    items = _atomic_items(x, "order")
    _sortable(items)
    # Python's sort keeps ties in their order in both directions, as R's order() does.
    positions = sorted(range(len(items)), key=lambda i: items[i], reverse=bool(decreasing))
    return vector([i + 1 for i in positions], "integer")


def rep(x: Any, times: Any = 1, each: Any = 1) -> Any:
    if has_names(x):
        raise NotPorted("rep() of a named vector (R repeats the names)")
    items = [v for v in elements(x) for _ in range(int(each))] * int(times)
    if isinstance(x, list) and not isinstance(x, Vector):
        return items
    return vector(items, _kind_of(x))


def _truths(values: tuple[Any, ...], what: str) -> list[bool]:
    out = []
    for value in values:
        for v in elements(value):
            if isinstance(v, str) or r_type(v) == "character":
                raise RError("invalid 'type' (character) of argument")
            if is_na_value(v):
                raise NotPorted(f"{what}() with NA (R's answer is TRUE, FALSE or NA by the others)")
            out.append(bool(v))
    return out


def all_(*values: Any) -> bool:
    return all(_truths(values, "all"))


def any_(*values: Any) -> bool:
    return any(_truths(values, "any"))


def is_character(x: Any) -> bool:
    return getattr(x, "r_type", None) == "character" or (
        bool(elements(x)) and is_atomic(x) and all(r_type(v) == "character" for v in elements(x))
    )


def is_numeric(x: Any) -> bool:
    items = elements(x)
    if getattr(x, "r_type", None) in ("numeric", "integer", "double"):
        return True
    return bool(items) and is_atomic(x) and all(r_type(v) in ("integer", "double") for v in items)


def is_logical(x: Any) -> bool:
    return getattr(x, "r_type", None) == "logical" or (
        bool(elements(x)) and is_atomic(x) and all(r_type(v) == "logical" for v in elements(x))
    )


def is_list(x: Any) -> bool:
    return isinstance(x, Mapping) or (isinstance(x, list) and not isinstance(x, Vector))


def is_function(x: Any) -> bool:
    return callable(x) and not isinstance(x, type)


def identical(a: Any, b: Any) -> bool:
    """R's identical() where Python can tell R's types apart: strings, logicals, NULL and lists of
    them. Numbers are not ported: a Python int may be R's 1L or 1."""
    if isinstance(a, Mapping) or isinstance(b, Mapping):
        if not (isinstance(a, Mapping) and isinstance(b, Mapping)) or list(a) != list(b):
            return False
        return all(identical(a[k], b[k]) for k in a)
    if a is None or b is None:
        return a is b
    if is_empty(a) or is_empty(b):
        return is_empty(a) and is_empty(b) and a.r_type == b.r_type
    if is_list(a) or is_list(b):
        return (
            is_list(a)
            and is_list(b)
            and len(a) == len(b)
            and all(identical(x, y) for x, y in zip(a, b, strict=True))
        )
    xs, ys = elements(a), elements(b)
    if any(isinstance(v, (int, float)) and not isinstance(v, bool) for v in xs + ys):
        raise NotPorted("identical() of numbers (R tells 1L from 1; Python does not)")
    if isinstance(a, Vector) and isinstance(b, Vector) and a.names != b.names:
        return False
    return [type(v) for v in xs] == [type(v) for v in ys] and xs == ys


def stopifnot_(*checks: tuple[Any, str]) -> None:
    """stopifnot(): each check's value and R's deparsed text of it, for R's message."""
    for value, text in checks:
        items = elements(value)
        if items and all(isinstance(v, bool) and v for v in items):
            continue
        raise RError(f"{text} {'is' if len(items) <= 1 else 'are all'} not TRUE")


def r_class(x: Any) -> Any:
    """class(x) where Python can tell: a whole number stops, flagged (R's 1L is "integer" and 1
    "numeric"; both are a Python int)."""
    own = getattr(x, "r_class", None)
    if own is not None:
        return Vector(own) if isinstance(own, tuple) else own
    if x is None:
        return "NULL"
    if callable(x) and not isinstance(x, type):
        return "function"
    if isinstance(x, BaseException):
        raise NotPorted("class() of a condition")
    if is_list(x):
        return "data.frame" if type(x).__name__ == "DataFrame" else "list"
    if isinstance(x, TypedEmpty):
        return {"double": "numeric"}.get(x.r_type, x.r_type)
    kinds = {r_type(v) for v in elements(x)}
    if "character" in kinds:
        return "character"
    if kinds <= {"logical"}:
        return "logical"
    if any(isinstance(v, int) and not isinstance(v, bool) for v in elements(x)):
        raise NotPorted("class() of a whole number (R's 1L is integer, 1 numeric; Python has one int)")
    return "integer" if kinds <= {"integer", "logical"} else "numeric"


def inherits_(x: Any, what: str) -> bool:
    """inherits(x, "Date"): whether class(x) names it."""
    return what in elements(r_class(x))

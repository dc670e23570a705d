"""The apply family and its friends: lapply, sapply, vapply, Filter, Map, Reduce, do.call."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ._halt import NotPorted, RError
from ._values import SCALARS, Vector, elements, is_atomic, r_type, vector


def _named(x: Any, values: list[Any]) -> Any:
    """A result keeps its input's names, as R's lapply does."""
    if isinstance(x, Mapping):
        return dict(zip(x, values, strict=True))
    if isinstance(x, Vector) and x.names is not None:
        return dict(zip(x.names, values, strict=True))
    return values


def lapply(x: Any, fun: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    return _named(x, [fun(v, *args, **kwargs) for v in elements(x)])


def _simplify(x: Any, values: list[Any], use_names: bool) -> Any:
    if not values:
        return []
    if not all(isinstance(v, SCALARS) for v in values):
        if all(is_atomic(v) and len(elements(v)) == 1 for v in values):
            values = [elements(v)[0] for v in values]
        else:
            sizes = {len(elements(v)) for v in values if is_atomic(v) or v is None}
            if len(sizes) == 1 and sizes != {1} and all(is_atomic(v) for v in values):
                raise NotPorted("sapply() giving a matrix")
            if use_names and not isinstance(x, Mapping) and is_atomic(x) and x is not None:
                labels = [v for v in elements(x) if isinstance(v, str)]
                if labels and not getattr(x, "names", None):
                    if len(labels) != len(values) or len(set(labels)) != len(labels):
                        raise NotPorted("sapply() naming a list by values given twice")
                    return dict(zip(labels, values, strict=True))
            return _named(x, values)
    kinds = {r_type(v) for v in values}
    if len(kinds) > 1:
        raise NotPorted("sapply() over values of mixed types")
    names = None
    if isinstance(x, Mapping):
        names = [str(k) for k in x]
    elif isinstance(x, Vector) and x.names is not None:
        names = list(x.names)
    elif use_names and is_atomic(x) and all(isinstance(v, str) for v in elements(x)):
        names = list(elements(x))
    return vector(values, names=names) if names is None or len(values) != 1 else Vector(values, names)


def sapply(x: Any, fun: Callable[..., Any], *args: Any, USE_NAMES: bool = True, **kwargs: Any) -> Any:
    return _simplify(x, [fun(v, *args, **kwargs) for v in elements(x)], USE_NAMES)


def vapply(
    x: Any,
    fun: Callable[..., Any],
    fun_value: Any,
    *args: Any,
    USE_NAMES: bool = True,
    **kwargs: Any,
) -> Any:
    values = [fun(v, *args, **kwargs) for v in elements(x)]
    want = r_type(elements(fun_value)[0]) if elements(fun_value) else getattr(fun_value, "r_type", "")
    for v in values:
        got = elements(v)
        if len(got) != 1 or (
            r_type(got[0]) != want and not (want == "double" and r_type(got[0]) == "integer")
        ):
            got_type = r_type(got[0]) if got else "NULL"
            raise RError(f"values must be length 1,\n but FUN(X[[1]]) result is type '{got_type}'")
    if not values:
        return getattr(fun_value, "r_type", None) and vector([], fun_value.r_type)
    return _simplify(x, values, USE_NAMES)


def filter_(f: Callable[[Any], Any], x: Any) -> Any:
    from ._access import truth

    keep = [truth(f(v)) for v in elements(x)]
    if isinstance(x, Mapping):
        return {k: v for (k, v), ok in zip(x.items(), keep, strict=True) if ok}
    if isinstance(x, Vector) and x.names is not None:
        raise NotPorted("Filter() of a named vector")
    picked = [v for v, ok in zip(elements(x), keep, strict=True) if ok]
    return vector(picked, getattr(x, "r_type", None)) if is_atomic(x) else picked


def map_(f: Callable[..., Any], *lists: Any) -> Any:
    columns = [elements(v) for v in lists]
    n = max((len(c) for c in columns), default=0)
    if any(not c for c in columns):
        return []
    out = [f(*(c[i % len(c)] for c in columns)) for i in range(n)]
    first = lists[0]
    if isinstance(first, Vector) and first.names is not None:
        raise NotPorted("Map() over a named vector")
    if isinstance(first, Mapping):
        return dict(zip(first, out, strict=True))
    if all(isinstance(v, str) for v in columns[0]) and isinstance(first, (str, Vector)):
        return dict(zip(columns[0], out, strict=False))
    return out


def reduce_(f: Callable[[Any, Any], Any], x: Any, *init: Any) -> Any:
    items = list(init) + elements(x)
    if not items:
        return None
    acc = items[0]
    for v in items[1:]:
        acc = f(acc, v)
    return acc


def do_call(f: Callable[..., Any], args: Any) -> Any:
    if isinstance(args, Mapping):
        positional = [v for k, v in args.items() if not k]
        return f(*positional, **{k: v for k, v in args.items() if k})
    return f(*elements(args))

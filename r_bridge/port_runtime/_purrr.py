"""purrr's map family, keep, discard and pluck, and base R's mapply: a function over the elements
of lists or vectors, the result typed and named as purrr and R give it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ._halt import NotPorted
from ._na import NAType
from ._values import Vector, elements, has_names, is_atomic, r_type, typed_empty, vector


def _names_of(x: Any) -> list[str] | None:
    if isinstance(x, Mapping):
        return [str(k) for k in x]
    if has_names(x):
        return list(x.names)
    return None


def _as_named(names: list[str] | None, values: list[Any]) -> Any:
    """A list result: named (a dict) when its input was, as purrr and lapply keep names."""
    if names is None:
        return values
    if len(set(names)) != len(names):
        raise NotPorted("a list result with a name given twice")
    return dict(zip(names, values, strict=True))


def _function(f: Any) -> Callable[..., Any]:
    """purrr's .f: a function, or a name or position to pluck from each element."""
    if callable(f):
        return f
    if isinstance(f, (str, int)) and not isinstance(f, bool):
        return lambda x, *args, **kwargs: pluck(x, f)
    raise NotPorted("a purrr function given as this value")


def map(x: Any, f: Any, *args: Any, **kwargs: Any) -> Any:
    fn = _function(f)
    return _as_named(_names_of(x), [fn(v, *args, **kwargs) for v in elements(x)])


_WANTED = {"chr": ("character",), "int": ("integer",), "dbl": ("double", "integer"), "lgl": ("logical",)}
_EMPTY = {"chr": "character", "int": "integer", "dbl": "numeric", "lgl": "logical"}


def _typed(kind: str) -> Callable[..., Any]:
    def typed_map(x: Any, f: Any, *args: Any, **kwargs: Any) -> Any:
        fn = _function(f)
        values = [fn(v, *args, **kwargs) for v in elements(x)]
        for value in values:
            items = elements(value) if is_atomic(value) else None
            if items is None or len(items) != 1:
                raise NotPorted(f"map_{kind}() of a result that is not one value (purrr stops)")
            item = items[0]
            if isinstance(item, NAType) and item.r_type == "logical":
                continue  # purrr takes a logical NA as any type's NA
            if r_type(item) not in _WANTED[kind] or (kind == "int" and isinstance(item, float)):
                raise NotPorted(f"map_{kind}() of a {r_type(item)} result (purrr coerces or stops)")
        if not values:
            return typed_empty(_EMPTY[kind])
        flat = [elements(v)[0] for v in values]
        names = _names_of(x)
        return Vector(flat, names) if names is not None else vector(flat, _EMPTY[kind])

    typed_map.__name__ = f"map_{kind}"
    return typed_map


map_chr = _typed("chr")
map_int = _typed("int")
map_dbl = _typed("dbl")
map_lgl = _typed("lgl")


def _predicate(p: Any, v: Any) -> bool:
    got = _function(p)(v)
    if not isinstance(got, bool):
        raise NotPorted("keep()/discard() with a predicate giving other than TRUE or FALSE")
    return got


def _select(x: Any, p: Any, wanted: bool) -> Any:
    items = elements(x)
    picks = [_predicate(p, v) == wanted for v in items]
    names = _names_of(x)
    if isinstance(x, Mapping):
        return {k: v for (k, v), ok in zip(x.items(), picks, strict=True) if ok}
    chosen = [v for v, ok in zip(items, picks, strict=True) if ok]
    if not is_atomic(x):
        return chosen
    if names is not None:
        kept = [n for n, ok in zip(names, picks, strict=True) if ok]
        return Vector(chosen, kept) if chosen else typed_empty(_kind(x))
    return vector(chosen, _kind(x))


def _kind(x: Any) -> str:
    items = elements(x)
    kind = getattr(x, "r_type", None) or (r_type(items[0]) if items else "logical")
    return {"double": "numeric", "integer": "integer"}.get(kind, kind)


def keep(x: Any, p: Any) -> Any:
    return _select(x, p, True)


def discard(x: Any, p: Any) -> Any:
    return _select(x, p, False)


def pluck(x: Any, *index: Any, _default: Any = None) -> Any:
    """pluck(x, "a", 2, .default = v): each index in turn, by name or position; .default when
    any is absent."""
    from ._access import dollar

    value = x
    for i in index:
        if value is None:
            return _default
        if isinstance(i, str):
            if isinstance(value, BaseException):
                value = dollar(value, i)
            elif isinstance(value, Mapping):
                value = dollar(value, i) if i in value else None
            elif has_names(value) and i in value.names:
                value = value[value.names.index(i)]
            else:
                value = None
        elif isinstance(i, (int, float)) and not isinstance(i, bool) and float(i).is_integer() and i > 0:
            items = elements(value)
            value = items[int(i) - 1] if int(i) <= len(items) else None
        else:
            raise NotPorted("pluck() with this index")
    return _default if value is None else value


def mapply(
    f: Callable[..., Any],
    *lists: Any,
    named: Mapping[str, Any] | None = None,
    MoreArgs: Any = None,
    SIMPLIFY: Any = True,
    USE_NAMES: Any = True,
) -> Any:
    """mapply(FUN, ...): FUN over the elements of its arguments in parallel (recycled), with
    MoreArgs given each time; simplified as sapply does, named after the first argument."""
    from ._apply import _simplify

    named = dict(named or {})
    columns = [elements(v) for v in lists]
    keyed = {k: elements(v) for k, v in named.items()}
    every = columns + list(keyed.values())
    if not every or any(not c for c in every):
        return []
    n = max(len(c) for c in every)
    extra = dict(MoreArgs) if isinstance(MoreArgs, Mapping) else {}
    if MoreArgs is not None and not isinstance(MoreArgs, Mapping):
        raise NotPorted("mapply() with MoreArgs other than a named list")
    results = [
        f(*(c[i % len(c)] for c in columns), **{k: c[i % len(c)] for k, c in keyed.items()}, **extra)
        for i in range(n)
    ]
    first = lists[0] if lists else next(iter(named.values()))
    if SIMPLIFY:
        return _simplify(first, results, bool(USE_NAMES))
    names = _names_of(first)
    if names is None and USE_NAMES and is_atomic(first) and all(isinstance(v, str) for v in elements(first)):
        names = list(elements(first))
    return _as_named(names, results)

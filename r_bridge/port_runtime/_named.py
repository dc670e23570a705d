"""Names in R's values: named vectors made by c(), lists with some elements named, and the
names unlist() makes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ._halt import NotPorted
from ._values import SCALARS, Vector, common, elements, has_names, is_atomic, vector


class Unnamed:
    """The key of an unnamed element of a list whose other elements are named (R's name "")."""

    __slots__ = ()

    def __str__(self) -> str:
        return ""

    def __bool__(self) -> bool:
        return False  # as R's name "" is empty

    def __repr__(self) -> str:
        return "Unnamed()"


def named_list(arg_names: list[str | None], *values: Any) -> dict[Any, Any]:
    """list(1, a = 2): a named list; an unnamed element's key is an Unnamed."""
    out: dict[Any, Any] = {}
    for name, value in zip(arg_names, values, strict=True):
        if name is not None and name in out:
            raise NotPorted("list() with a name given twice")
        out[Unnamed() if name is None else name] = value
    return out


def c_named(arg_names: list[str | None], *values: Any) -> Any:
    """c(a = 1, b = x, 2): a named vector; an argument's name goes before its elements' own
    (b.x) or numbers them (b1, b2), as R's c() names them."""
    if any(not is_atomic(v) and v is not None for v in values):
        raise NotPorted("c() with names and a list among its arguments")
    items: list[Any] = []
    labels: list[str] = []
    for name, value in zip(arg_names, values, strict=True):
        own = elements(value)
        inner = value.names if has_names(value) else None
        single = len(own) == 1  # c() numbers by position (unlist() differs)
        for i, item in enumerate(own):
            tag = inner[i] if inner else ""
            if name and tag:
                labels.append(f"{name}.{tag}")
            elif name:
                labels.append(name if single else f"{name}{i + 1}")
            else:
                labels.append(tag)
            items.append(item)
    if not items:
        return vector([], None)
    return Vector(common(items), labels)


def unlist(value: Any, use_names: bool = True) -> Any:
    """R's unlist(): every scalar leaf, depth first, as one atomic vector; names as R makes
    them (a, b.c, e1 e2 for a nested list and a vector under one name)."""
    if is_atomic(value) or value is None:
        return value
    leaves = _leaves(value)
    if not leaves:
        return None
    items = common([v for _, v in leaves])
    if not use_names or not any(name for name, _ in leaves):
        return vector(items)
    return Vector(items, [name for name, _ in leaves])


def _leaves(value: Any) -> list[tuple[str, Any]]:
    """(name, scalar) for each leaf under `value`, named as unlist() names them."""
    if isinstance(value, Mapping):
        children = [(str(k), v) for k, v in value.items()]
    elif has_names(value):
        children = list(zip(value.names, value, strict=True))
    else:
        children = [("", v) for v in elements(value)]
    out: list[tuple[str, Any]] = []
    for tag, child in children:
        if isinstance(child, SCALARS):
            leaves = [(tag, child)]
        else:
            leaves = _leaves(child)
            if tag:
                # One unnamed leaf takes the name itself; several are numbered by position.
                single = sum(1 for n, _ in leaves if not n) == 1
                leaves = [
                    (f"{tag}.{n}" if n else tag if single else f"{tag}{i + 1}", v)
                    for i, (n, v) in enumerate(leaves)
                ]
        out.extend(leaves)
    return out

"""Conversions between paws_compat values and R objects (rpy2), keeping every R type exact.

Python to R follows the model, never the values: a string member is a character vector even
when absent (`character(0)`), a list of strings is an atomic vector (one item: a plain string)
and `list()` when empty, a structure is a named list of all its members in model order, numbers
are doubles. The result is `identical()` to what paws returns for the same response.

R to Python turns R arguments into the keyword arguments the client takes: NULL and empty values
are left out, a named list is a dict, an unnamed list or a longer vector is a list, and NA (which
rpy2 would pass on as a value, or as nan) is refused with an error naming the argument.

All functions need an initialised embedded R (rpy2 starts one on first use). They build R
objects with rpy2's low-level vectors and use no conversion context, so no rpy2 converter
setting (pandas, numpy, a thread's own context) changes what they give.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

import rpy2.rinterface as ri

from paws_compat._model import Shape, load_model

__all__ = [
    "RConversionError",
    "args_from_r",
    "condition_to_r",
    "empty_r",
    "from_r",
    "plain_to_r",
    "to_r",
]

_NUMERIC = frozenset({"integer", "long", "double", "float"})
_CHARACTER = frozenset({"string", "timestamp", "blob"})


class RConversionError(ValueError):
    """An R value that cannot become a client argument (NA, NaN, a list where a scalar is due)."""


# ---------------------------------------------------------------- Python (results) to R


def _named_list(names: list[str], values: list[Any]) -> Any:
    out = ri.ListSexpVector(values)
    out.names = ri.StrSexpVector(names)
    return out


def _empty_list() -> Any:
    return ri.ListSexpVector([])


def _is_absent(value: Any) -> bool:
    # None, and the typed empties of paws_compat._result (sized, length 0), mean "not in response".
    if value is None:
        return True
    if isinstance(value, str | bool | int | float):
        return False
    try:
        return len(value) == 0
    except TypeError:
        return False


def empty_r(shape: Shape) -> Any:
    """paws' value for a member the response lacks: a typed empty, or a structure of them."""
    kind = shape.type
    if kind in _CHARACTER:
        return ri.StrSexpVector([])
    if kind == "boolean":
        return ri.BoolSexpVector([])
    if kind in _NUMERIC:
        return ri.FloatSexpVector([])
    if kind == "structure" and shape.members:
        return _named_list(list(shape.members), [empty_r(m.shape) for m in shape.members.values()])
    return _empty_list()


def _scalar_vector(shape: Shape, values: list[Any]) -> Any:
    kind = shape.type
    if kind in _CHARACTER:
        return ri.StrSexpVector([ri.NA_Character if v is None else str(v) for v in values])
    if kind == "boolean":
        return ri.BoolSexpVector([ri.NA_Logical if v is None else bool(v) for v in values])
    if kind in _NUMERIC:
        return ri.FloatSexpVector([ri.NA_Real if v is None else float(v) for v in values])
    raise TypeError(f"{shape.name} is not a scalar shape")


def to_r(value: Any, shape: Shape | None = None) -> Any:
    """A result (a Record, or plain values with their `shape`) as paws' R object.

    Without `shape`, `value.shape` is used (every Record knows its shape).
    """
    if shape is None:
        shape = getattr(value, "shape", None)
        if shape is None:
            raise TypeError("to_r needs a Record or a shape: R types come from the model")
    kind = shape.type
    if kind == "structure":
        if not shape.members:
            return _empty_list()
        if _is_absent(value):
            return empty_r(shape)
        return _named_list(
            list(shape.members),
            [_member_to_r(_get(value, name), m.shape) for name, m in shape.members.items()],
        )
    if _is_absent(value):
        return empty_r(shape)
    if kind == "list":
        assert shape.member is not None
        items = list(value)
        if shape.member.is_scalar:
            return _scalar_vector(shape.member, items)
        return ri.ListSexpVector([_member_to_r(item, shape.member) for item in items])
    if kind == "map":
        assert shape.value is not None
        keys = [str(k) for k in value]
        return _named_list(keys, [_member_to_r(value[k], shape.value) for k in value])
    return _scalar_vector(shape, [value])


def _member_to_r(value: Any, shape: Shape) -> Any:
    return empty_r(shape) if _is_absent(value) else to_r(value, shape)


def _get(value: Any, name: str) -> Any:
    if isinstance(value, Mapping):
        return value.get(name)
    return getattr(value, name, None)


def plain_to_r(value: Any) -> Any:
    """Plain JSON-like data with no model (an error body) as jsonlite would decode it."""
    if value is None:
        return ri.NULL
    if isinstance(value, bool):
        return ri.BoolSexpVector([value])
    if isinstance(value, int | float):
        return ri.FloatSexpVector([float(value)]) if isinstance(value, float) else ri.IntSexpVector([value])
    if isinstance(value, str):
        return ri.StrSexpVector([value])
    if isinstance(value, Mapping):
        if not value:
            return _empty_list()
        return _named_list([str(k) for k in value], [plain_to_r(v) for v in value.values()])
    if isinstance(value, Iterable):
        return ri.ListSexpVector([plain_to_r(v) for v in value])
    raise TypeError(f"cannot convert {type(value).__name__} to R")


def condition_to_r(exc: BaseException) -> Any:
    """An exception as the R condition paws would signal (`stop()` it in R, or inspect it)."""
    from paws_compat.errors import ServiceError

    message = ri.StrSexpVector([str(exc)])
    if isinstance(exc, ServiceError):
        status = exc.status_code
        http = [f"http_{status}", f"http_{status // 100 * 100}"] if status is not None else []
        classes = list(dict.fromkeys(["paws_error", *http, "http_error"]))
        response = exc.error_response or {}
        cond = _named_list(
            ["message", "call", "status_code", "error_response"],
            [
                message,
                ri.NULL,
                ri.IntSexpVector([ri.NA_Integer if status is None else int(status)]),
                plain_to_r(response),
            ],
        )
    else:
        classes = ["paws_compat_error"]
        cond = _named_list(["message", "call"], [message, ri.NULL])
    cond.rclass = ri.StrSexpVector([*classes, "error", "condition"])
    return cond


# ---------------------------------------------------------------- R (arguments) to Python


def _names(obj: Any) -> list[str] | None:
    names = obj.names
    if names is ri.NULL or names is None:
        return None
    return [str(n) for n in names]


def _elements(obj: Any, path: str) -> list[Any]:
    """The items of an atomic vector as Python scalars; NA and NaN refused."""
    if isinstance(obj, ri.IntSexpVector) and "factor" in list(obj.rclass):
        levels = list(obj.do_slot("levels"))
        if any(v is ri.NA_Integer for v in obj):
            raise RConversionError(f"{path}: NA is not a value this service accepts")
        return [levels[v - 1] for v in obj]
    out: list[Any] = []
    for index, item in enumerate(obj):
        where = path if len(obj) == 1 else f"{path}[{index + 1}]"
        if item is ri.NA_Character or item is ri.NA_Logical or item is ri.NA_Integer:
            raise RConversionError(f"{where}: NA is not a value this service accepts")
        if isinstance(item, float) and math.isnan(item):
            raise RConversionError(f"{where}: NA/NaN is not a value this service accepts")
        out.append(item)
    return out


def from_r(obj: Any, shape: Shape | None = None, path: str = "value") -> Any:
    """An R value as the client's argument; `shape` (if known) settles lists and integers."""
    if obj is ri.NULL or obj is None:
        return None
    kind = shape.type if shape is not None else None
    if isinstance(obj, ri.ListSexpVector):
        names = _names(obj)
        if names is not None and all(names) and kind not in ("list",):
            members = shape.members if shape is not None and kind == "structure" else {}
            value_shape = shape.value if shape is not None and kind == "map" else None
            result = {}
            for name, item in zip(names, obj, strict=True):
                inner = members[name].shape if name in members else value_shape
                converted = from_r(item, inner, f"{path}${name}")
                if converted is not None and not _empty_container(converted):
                    result[name] = converted
            return result
        member = shape.member if shape is not None and kind == "list" else None
        return [from_r(item, member, f"{path}[[{i + 1}]]") for i, item in enumerate(obj)]
    if isinstance(obj, ri.StrSexpVector | ri.BoolSexpVector | ri.IntSexpVector | ri.FloatSexpVector):
        items = _elements(obj, path)
        if kind in ("integer", "long"):
            items = [int(v) if isinstance(v, float) and v.is_integer() else v for v in items]
        names = _names(obj)
        if kind in ("structure", "map") and names is not None:
            return dict(zip(names, items, strict=True))
        if kind == "list" or len(items) != 1:
            return items
        return items[0]
    raise RConversionError(f"{path}: an R {type(obj).__name__} is not a value this service accepts")


def _empty_container(value: Any) -> bool:
    return isinstance(value, list | dict) and not value


def args_from_r(method_name: str, args: Any, service: str = "connectparticipant") -> dict[str, Any]:
    """An R named list of arguments for one operation as keyword arguments, paws' way.

    NULL and empty arguments are left out; names outside the model are passed on for the client
    to reject with its own message.
    """
    if args is ri.NULL or args is None or len(args) == 0:
        return {}
    names = _names(args)
    if names is None or not all(names):
        raise RConversionError("arguments must be named, as in paws")
    operation = load_model(service).operation_by_method(method_name)
    members = operation.input_members
    result: dict[str, Any] = {}
    for name, item in zip(names, args, strict=True):
        shape = members[name].shape if name in members else None
        value = from_r(item, shape, name)
        if value is not None and not _empty_container(value):
            result[name] = value
    return result

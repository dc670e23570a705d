"""Results shaped like paws' lists: every member of the output shape, recursively, in model order.

A member the response lacks (or sends as null) is an empty value that knows its R type, so a later
conversion can give paws' exact `character(0)`, `logical(0)`, `numeric(0)` or `list()`; unknown
members are dropped. `Record.to_dict()` gives back only what the response held, as boto3 users
expect.

Parsing is compiled once per shape into closures; a Record is three slots over the parsed dict.
Reprs and `str()` mask tokens: a result holds live credentials (ConnectionToken, JoinToken, the
AuthToken in a websocket URL), and those must not end up in a log by accident.
"""

from __future__ import annotations

import reprlib
import threading
from collections.abc import Callable, ItemsView, Iterator, KeysView, Mapping, ValuesView
from typing import Any, Literal, NoReturn

from ._errors import ResponseParseError
from ._model import Shape
from ._redact import MASK, is_sensitive, mask, secret_headers
from ._rformat import format_number
from ._shapecache import ShapeCache

__all__ = [
    "EMPTY_CHARACTER",
    "EMPTY_LOGICAL",
    "EMPTY_NUMERIC",
    "Record",
    "TypedEmpty",
    "empty_for",
    "parse_output",
]


class TypedEmpty:
    """The value of an absent scalar member: length 0, falsy, and the R type paws gives it."""

    __slots__ = ("_global", "_str", "r_type")

    def __init__(self, r_type: str, str_form: str, global_name: str) -> None:
        self.r_type = r_type
        self._str = str_form
        self._global = global_name

    def __len__(self) -> int:
        return 0

    def __bool__(self) -> Literal[False]:  # so `if value:` narrows `str | TypedEmpty` to str
        return False

    def __iter__(self) -> Iterator[Any]:
        return iter(())

    def __contains__(self, item: object) -> bool:
        return False

    def __repr__(self) -> str:
        return f"{self.r_type}(0)"

    def __reduce__(self) -> str:
        return self._global  # pickles as the module global: stays a singleton

    def __copy__(self) -> TypedEmpty:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> TypedEmpty:
        return self


EMPTY_CHARACTER = TypedEmpty("character", "chr(0) ", "EMPTY_CHARACTER")
EMPTY_LOGICAL = TypedEmpty("logical", "logi(0) ", "EMPTY_LOGICAL")
EMPTY_NUMERIC = TypedEmpty("numeric", "num(0) ", "EMPTY_NUMERIC")

_EMPTY_BY_R_TYPE = {"character": EMPTY_CHARACTER, "logical": EMPTY_LOGICAL, "numeric": EMPTY_NUMERIC}

_new = object.__new__
_set = object.__setattr__


class Record(Mapping[str, Any]):
    """A structure of the model: a read-only mapping of all its members, also by attribute.

    `resp["Websocket"]["Url"]` and `resp.Websocket.Url` are the same value. Absent members are
    typed empties (len 0, falsy), `[]` or `{}`, or a Record of empties. A Record built with
    members beyond its shape (the chat session keeps what the socket sends that the model does not
    know) shows them in str() with their JSON types and returns them from to_dict().
    """

    __slots__ = ("_raw", "_shape", "_values")

    _shape: Shape | None
    _values: dict[str, Any]
    _raw: Mapping[str, Any]

    def __init__(
        self, shape: Shape | None, values: dict[str, Any], raw: Mapping[str, Any] | None = None
    ) -> None:
        _set(self, "_shape", shape)
        _set(self, "_values", values)
        _set(self, "_raw", raw if raw is not None else {})

    # -- mapping ---------------------------------------------------------------------------------

    def __getitem__(self, key: str) -> Any:
        return self._values[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __contains__(self, key: object) -> bool:
        return key in self._values

    def keys(self) -> KeysView[str]:
        return self._values.keys()

    def values(self) -> ValuesView[Any]:
        return self._values.values()

    def items(self) -> ItemsView[str, Any]:
        return self._values.items()

    def get(self, key: str, default: Any = None) -> Any:
        return self._values.get(key, default)

    # -- attributes ------------------------------------------------------------------------------

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return self._values[name]
        except KeyError:
            where = self._shape.name if self._shape is not None else "Record"
            raise AttributeError(
                f"{where} has no member {name!r}; members: {', '.join(self._values) or 'none'}"
            ) from None

    def __setattr__(self, name: str, value: Any) -> NoReturn:
        raise AttributeError("a Record is read-only")

    def __delattr__(self, name: str) -> NoReturn:
        raise AttributeError("a Record is read-only")

    def __dir__(self) -> list[str]:
        return sorted({*super().__dir__(), *self._values})

    @property
    def shape(self) -> Shape | None:
        """The model shape this Record is an instance of (R types come from it)."""
        return self._shape

    # -- copies ----------------------------------------------------------------------------------

    def __copy__(self) -> Record:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> Record:
        import copy  # only when copying: keeps start-up light

        return Record(self._shape, copy.deepcopy(self._values, memo), copy.deepcopy(self._raw, memo))

    def __reduce__(self) -> Any:
        return (Record, (self._shape, self._values, self._raw))

    # -- views -----------------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """The members the response held, as plain JSON types (what boto3 returns)."""
        shape = self._shape
        if shape is None:
            return {}
        raw = self._raw
        values = self._values
        out: dict[str, Any] = {}
        for name, member in shape.members.items():
            if raw.get(member.location_name or name) is not None:
                out[name] = _plain(values[name])
        if len(values) > len(shape.members):  # members a caller added beyond the model (chat items)
            out.update((k, _plain(v)) for k, v in values.items() if k not in shape.members)
        return out

    @reprlib.recursive_repr()
    def __repr__(self) -> str:
        hidden = _sensitive_members(self._shape)
        parts = []
        for name, value in self._values.items():
            shown = _masked_repr(value) if name not in hidden else _hidden_repr(value)
            parts.append(f"{name}={shown}")
        return f"Record({', '.join(parts)})"

    def str(self) -> str:
        """The result laid out as R's `str()` prints paws' list (tokens masked)."""
        lines: list[str] = []
        if not self._values:
            return " list()"
        lines.append(f"List of {len(self._values)}")
        _str_members(self, 0, lines)
        return "\n".join(lines)


def _plain(value: Any) -> Any:
    if type(value) is Record:
        return value.to_dict()
    if type(value) is list:
        return [_plain(v) for v in value]
    if type(value) is dict:
        return {k: _plain(v) for k, v in value.items()}
    if type(value) is TypedEmpty:
        return None
    return value


# ---- reprs with secrets masked ------------------------------------------------------------------

_SENSITIVE_CACHE: dict[Shape, frozenset[str]] = {}


def _sensitive_members(shape: Shape | None) -> frozenset[str]:
    if shape is None:
        return frozenset()
    found = _SENSITIVE_CACHE.get(shape)
    if found is None:
        found = frozenset(n for n, m in shape.members.items() if is_sensitive(m))
        _SENSITIVE_CACHE[shape] = found
    return found


def _hidden_repr(value: Any) -> str:
    """A sensitive member: its emptiness may show, its content never does."""
    if isinstance(value, TypedEmpty) or value is None:
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_hidden_repr(v) for v in value) + "]"
    return repr(MASK)


def _masked_repr(value: Any) -> str:
    if isinstance(value, str):
        return repr(mask(value))
    if isinstance(value, list):
        return "[" + ", ".join(_masked_repr(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(_map_entry_repr(k, v) for k, v in value.items()) + "}"
    return repr(value)


def _map_entry_repr(key: Any, value: Any) -> str:
    if isinstance(key, str) and key.lower() in secret_headers():
        return f"{mask(repr(key))}: {_hidden_repr(value)}"
    return f"{mask(repr(key))}: {_masked_repr(value)}"


# ---- R's str() ----------------------------------------------------------------------------------

_R_NCHAR_MAX = 128
_R_TRUNCATED = '"| __truncated__'
_R_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\a": "\\a", "\b": "\\b",
              "\f": "\\f", "\v": "\\v"}  # fmt: skip


def _r_string(text: str) -> str:
    """A string as R's str() shows it: escaped, quoted, cut past 128 characters."""
    out = []
    for ch in text:
        escaped = _R_ESCAPES.get(ch)
        if escaped is not None:
            out.append(escaped)
        elif ch < " " or ch == "\x7f":
            out.append(f"\\{ord(ch):03o}")
        else:
            out.append(ch)
    quoted = '"' + "".join(out) + '"'
    if len(quoted) > _R_NCHAR_MAX:
        return quoted[: _R_NCHAR_MAX - len(_R_TRUNCATED)] + _R_TRUNCATED
    return quoted


def _r_vector(values: list[Any], r_type: str, sensitive: bool) -> str:
    """An atomic vector summary: ` chr "a"`, ` chr [1:3] "a" "b" "c"`, with R's item limits."""
    if r_type == "character":
        tag, limit = "chr", 4
        items = ["NA" if v is None else _r_string(MASK if sensitive else mask(str(v))) for v in values]
    elif r_type == "logical":
        tag, limit = "logi", 6
        items = ["NA" if v is None else ("TRUE" if v else "FALSE") for v in values]
    else:
        tag = "num"
        numbers = [v for v in values if v is not None]
        exact = all(
            (abs(v) > 1e-10 or v == 0) and abs(v) < 1e10 and float(format_number(v, 3)) == v
            for v in numbers[:10]
        )
        limit = 10 if exact else 5
        items = ["NA" if v is None else format_number(v, 3) for v in values]
    if len(values) == 1:
        return f" {tag} {items[0]}"
    shown = " ".join(items[:limit]) + (" ..." if len(items) > limit else "")
    return f" {tag} [1:{len(values)}] {shown}"


def _prefix(depth: int) -> str:
    return " $ " if depth == 0 else "  " + " ".join([".."] * depth) + "$ "


def _str_members(record: Record, depth: int, lines: list[str]) -> None:
    shape = record._shape
    hidden = _sensitive_members(shape)
    names = list(record._values)
    width = max((len(n) for n in names), default=0)
    for name in names:
        member = shape.members.get(name) if shape is not None else None
        member_shape = member.shape if member is not None else None
        _str_entry(name.ljust(width), record._values[name], member_shape, name in hidden, depth, lines)


def _str_entry(
    label: str, value: Any, shape: Shape | None, sensitive: bool, depth: int, lines: list[str]
) -> None:
    head = _prefix(depth) + label + ":"
    if isinstance(value, TypedEmpty):
        lines.append(head + " " + value._str)
    elif type(value) is Record:
        if not value._values:
            lines.append(head + " list()")
        else:
            lines.append(head + f"List of {len(value._values)}")
            _str_members(value, depth + 1, lines)
    elif isinstance(value, list):
        _str_list(head, value, shape, sensitive, depth, lines)
    elif isinstance(value, dict):
        if not value:
            lines.append(head + " list()")
            return
        lines.append(head + f"List of {len(value)}")
        value_shape = shape.value if shape is not None else None
        width = max(len(str(k)) for k in value)
        for key, item in value.items():
            secret = sensitive or str(key).lower() in secret_headers()
            _str_entry(str(key).ljust(width), item, value_shape, secret, depth + 1, lines)
    elif value is None:
        lines.append(head + " NULL")
    else:
        r_type = shape.r_type if shape is not None else _plain_r_type(value)
        lines.append(head + _r_vector([value], r_type, sensitive))


def _str_list(
    head: str, value: list[Any], shape: Shape | None, sensitive: bool, depth: int, lines: list[str]
) -> None:
    if not value:
        lines.append(head + " list()")
        return
    member = shape.member if shape is not None else None
    if member is not None and member.is_scalar:
        lines.append(head + _r_vector(value, member.r_type, sensitive))
        return
    if member is None and all(isinstance(v, str | bool | int | float) for v in value):
        lines.append(head + _r_vector(value, _plain_r_type(value[0]), sensitive))
        return
    lines.append(head + f"List of {len(value)}")
    for item in value:
        _str_entry("", item, member, sensitive, depth + 1, lines)


def _plain_r_type(value: Any) -> str:
    if isinstance(value, bool):
        return "logical"
    if isinstance(value, int | float):
        return "numeric"
    return "character"


# ---- parsing ------------------------------------------------------------------------------------


class _Mismatch(Exception):
    """A value that does not fit its shape; `path` is filled in while the error unwinds."""

    def __init__(self, issue: str) -> None:
        super().__init__(issue)
        self.issue = issue
        self.path: list[str] = []


def _json_kind(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return f"a {type(value).__name__}"


Parser = Callable[[Any], Any]

_EMPTY_RECORDS: dict[Shape, Record] = {}
_PENDING_EMPTY: dict[Shape, Record] = {}
_COMPILING = threading.RLock()

# Per scalar model type: the Python types taken as they are, and the parser for anything else.
_STRING_TYPES = frozenset({str})
_BOOL_TYPES = frozenset({bool})
_INT_TYPES = frozenset({int})
_FLOAT_TYPES = frozenset({int, float})
_TIMESTAMP_TYPES = frozenset({str, int, float})


def _reject(expected: str) -> Parser:
    def parse(value: Any) -> NoReturn:
        raise _Mismatch(f"expected {expected}, got {_json_kind(value)}")

    return parse


def _parse_integer(value: Any) -> int:
    if type(value) is float and value.is_integer():
        return int(value)
    raise _Mismatch(f"expected an integer, got {_json_kind(value)}")


def _parse_double(value: Any) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    raise _Mismatch(f"expected a number, got {_json_kind(value)}")


def _parse_string(value: Any) -> str:
    if isinstance(value, str):
        return value
    raise _Mismatch(f"expected a string, got {_json_kind(value)}")


_SCALARS: dict[str, tuple[frozenset[type], Parser]] = {
    "string": (_STRING_TYPES, _parse_string),
    "blob": (_STRING_TYPES, _parse_string),
    "boolean": (_BOOL_TYPES, _reject("a boolean")),
    "integer": (_INT_TYPES, _parse_integer),
    "long": (_INT_TYPES, _parse_integer),
    "double": (_FLOAT_TYPES, _parse_double),
    "float": (_FLOAT_TYPES, _parse_double),
    "timestamp": (_TIMESTAMP_TYPES, _reject("a timestamp (a string or a number)")),
}


def empty_for(shape: Shape) -> Any:
    """What a member of `shape` holds when the response lacks it (fresh for lists and maps)."""
    kind = shape.type
    if kind == "structure":
        return _empty_record(shape)
    if kind == "list":
        return []
    if kind == "map":
        return {}
    return _EMPTY_BY_R_TYPE[shape.r_type]


def _empty_record(shape: Shape) -> Record:
    """The shared Record of empties for an absent structure (read-only, so sharing is safe)."""
    found = _EMPTY_RECORDS.get(shape)
    if found is not None:
        return found
    with _COMPILING:
        return _make_empty_record(shape)


def _make_empty_record(shape: Shape) -> Record:
    # Published only once complete, so no other thread sees a half-filled Record; a structure
    # that contains itself gets the pending Record.
    found = _EMPTY_RECORDS.get(shape) or _PENDING_EMPTY.get(shape)
    if found is not None:
        return found
    values: dict[str, Any] = {}
    found = Record(shape, values, {})
    _PENDING_EMPTY[shape] = found
    try:
        for name, member in shape.members.items():
            values[name] = empty_for(member.shape)
    finally:
        del _PENDING_EMPTY[shape]
    _EMPTY_RECORDS[shape] = found
    return found


def _parser(shape: Shape) -> Parser:
    return _PARSERS.get(shape)


def _build_parser(shape: Shape) -> Parser:
    kind = shape.type
    if kind == "structure":
        return _build_structure(shape)
    if kind == "list":
        return _build_list(shape)
    if kind == "map":
        return _build_map(shape)
    scalar = _SCALARS.get(kind)
    if scalar is None:
        raise ValueError(f"model type {kind!r} of {shape.name} is not supported")
    types, fallback = scalar

    def parse_scalar(value: Any) -> Any:
        return value if type(value) in types else fallback(value)

    return parse_scalar


# Absent-member modes: take the shared empty, or make a fresh list or dict.
_SHARED, _NEW_LIST, _NEW_DICT = 0, 1, 2


def _build_structure(shape: Shape) -> Parser:
    entries: list[tuple[str, str, frozenset[type] | None, Parser, Any, int]] = []
    for name, member in shape.members.items():
        kind = member.shape.type
        scalar = _SCALARS.get(kind)
        mode = _NEW_LIST if kind == "list" else _NEW_DICT if kind == "map" else _SHARED
        empty = None if mode != _SHARED or kind == "structure" else empty_for(member.shape)
        if scalar is not None:
            entries.append((name, member.location_name or name, scalar[0], scalar[1], empty, mode))
        else:
            entries.append((name, member.location_name or name, None, _parser(member.shape), empty, mode))
    frozen = tuple(entries)

    def parse_structure(data: Any) -> Record:
        if type(data) is not dict and not isinstance(data, dict):
            raise _Mismatch(f"expected an object, got {_json_kind(data)}")
        values: dict[str, Any] = {}
        get = data.get
        for name, wire, types, parse, empty, mode in frozen:
            value = get(wire)
            if value is None:
                if mode == _SHARED:
                    values[name] = empty if empty is not None else _empty_record(shape.members[name].shape)
                else:
                    values[name] = [] if mode == _NEW_LIST else {}
            elif types is not None and type(value) in types:
                values[name] = value
            else:
                try:
                    values[name] = parse(value)
                except _Mismatch as exc:
                    exc.path.append(name)
                    raise
        record = _new(Record)
        _set(record, "_shape", shape)
        _set(record, "_values", values)
        _set(record, "_raw", data)
        return record

    return parse_structure


def _build_list(shape: Shape) -> Parser:
    assert shape.member is not None
    item_parser = _parser(shape.member)
    scalar = _SCALARS.get(shape.member.type)
    types = scalar[0] if scalar is not None else None

    def parse_list(data: Any) -> list[Any]:
        if type(data) is not list and not isinstance(data, list):
            raise _Mismatch(f"expected an array, got {_json_kind(data)}")
        if types is not None:
            for item in data:
                if item is not None and type(item) not in types:
                    break
            else:
                return list(data)  # the common case: every item already fits
        out: list[Any] = []
        for index, item in enumerate(data):
            if item is None:
                out.append(None)
                continue
            try:
                out.append(item_parser(item))
            except _Mismatch as exc:
                exc.path.append(f"[{index}]")
                raise
        return out

    return parse_list


def _build_map(shape: Shape) -> Parser:
    assert shape.value is not None
    value_parser = _parser(shape.value)

    def parse_map(data: Any) -> dict[str, Any]:
        if type(data) is not dict and not isinstance(data, dict):
            raise _Mismatch(f"expected an object, got {_json_kind(data)}")
        out: dict[str, Any] = {}
        for index, (key, item) in enumerate(data.items()):
            if item is None:
                out[key] = None
                continue
            try:
                out[key] = value_parser(item)
            except _Mismatch as exc:
                exc.path.append(f"[#{index}]")
                raise
        return out

    return parse_map


_PARSERS: ShapeCache[Parser] = ShapeCache(_build_parser)
_NO_SHAPE_RECORD = Record(None, {}, {})


def parse_output(shape: Shape | None, data: Any) -> Record:
    """The Record for a decoded JSON response body, filled per the module docstring.

    A body whose types do not fit the model raises ResponseParseError naming the member path and
    the expected type (never the value). A shape without members takes any body, as paws does.
    """
    if shape is None:
        return _NO_SHAPE_RECORD
    if not shape.members:
        return _empty_record(shape)
    if data is None:
        data = {}
    try:
        record: Record = _parser(shape)(data)
        return record
    except _Mismatch as exc:
        path = "".join(p if p.startswith("[") else f".{p}" for p in reversed(exc.path))
        raise ResponseParseError(f"{shape.name}{path}: {exc.issue}") from None
    except RecursionError:
        raise ResponseParseError(f"{shape.name}: the response is nested too deeply") from None

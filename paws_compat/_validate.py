"""Arguments the paws way, checked against the model before anything is sent.

paws leaves out NULL arguments, turns a lone string into a one-item list where the model wants a
list, and takes `c()` or `list()` alike; it checks nothing else. We do the same normalisation and
then check every rule of the model (boto3 skips enums and maximums; a union structure has exactly
one member set, as boto3 checks), collecting all problems into one ParamValidationError.
Patterns are not checked: the models' patterns use Java's `\\p{..}` classes, and neither paws
nor boto3 checks them.

Problems name the argument's path (`StartPosition.Id`, `Type[0]`) but never quote a string value:
any string may be a token.

A checker is compiled once per shape and cached; the happy path is a few dict and type lookups.
"""

from __future__ import annotations

import datetime as _dt
import math
import os
import re
import warnings
from collections.abc import Callable, Mapping
from typing import Any

from ._errors import ParamValidationError, Problem, UnknownEnumValueWarning
from ._model import Operation, Shape
from ._shapecache import ShapeCache

# check(value, path, problems) -> the normalised value (problems appended when it breaks a rule)
Checker = Callable[[Any, str, list[Problem]], Any]

_PLANS: dict[Operation, tuple[tuple[str, Checker, bool], ...]] = {}
_TOKENS: dict[Operation, tuple[str, ...]] = {}
_REQUIRED: dict[Operation, tuple[str, ...]] = {}

_HEADER_PROBLEM = ("holds a line break or a non-ASCII character", "goes in an HTTP header")
_TIMESTAMP_RULE = "must be a timestamp (datetime, ISO-8601 string or epoch seconds)"
_UNKNOWN_ARGUMENT = "is not an argument of this operation"

_SHOWN_NAME = r"[A-Za-z][A-Za-z0-9_.:-]{0,39}"  # compiled on first use (re caches it)

_INTEGER_TYPES = frozenset({"integer", "long"})
_FLOAT_TYPES = frozenset({"double", "float"})


def _kind(value: Any) -> str:
    """A value's type in words, never its content."""
    if value is None:
        return "None"
    if isinstance(value, bool):
        return "a bool"
    if isinstance(value, str):
        return f"a string of {len(value)} characters"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, Mapping):
        return "a dict"
    if isinstance(value, list | tuple):
        return f"a list of {len(value)} items"
    return f"a {type(value).__name__}"


def _shown_name(key: Any, fallback: str) -> str:
    """A key as it may appear in a message: a short name (`Content-Type`), else `fallback`: a long
    or odd key could be a token."""
    if isinstance(key, str) and re.fullmatch(_SHOWN_NAME, key):
        return key
    return fallback


def _range_text(low: Any, high: Any, unit: str) -> str:
    unit = f" {unit}" if unit else ""
    if low is not None and high is not None:
        if low == high:
            return f"exactly {low}{unit}"
        return f"{low}-{high}{unit}"
    if low is not None:
        return f"at least {low}{unit}"
    return f"at most {high}{unit}"


def _size_check(shape: Shape, unit: str) -> Callable[[int, str, list[Problem]], None] | None:
    """A check of a length or count against the shape's min/max, or None when it has neither."""
    low, high = shape.min, shape.max
    if low is None and high is None:
        return None
    rule = f"must be {_range_text(_int(low), _int(high), unit)}"
    low_v = low if low is not None else -math.inf
    high_v = high if high is not None else math.inf

    def check(size: int, path: str, problems: list[Problem]) -> None:
        if size < low_v or size > high_v:
            problems.append(Problem(path, f"has {size} {unit}", rule))

    return check


def _int(value: Any) -> Any:
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _checker(shape: Shape) -> Checker:
    return _CHECKERS.get(shape)


def _build(shape: Shape) -> Checker:
    kind = shape.type
    if kind == "structure":
        return _build_structure(shape)
    if kind == "list":
        return _build_list(shape)
    if kind == "map":
        return _build_map(shape)
    if kind == "string":
        return _build_string(shape)
    if kind == "boolean":

        def check_bool(value: Any, path: str, problems: list[Problem]) -> Any:
            if value is not True and value is not False:
                problems.append(Problem(path, f"is {_kind(value)}", "must be True or False"))
            return value

        return check_bool
    if kind in _INTEGER_TYPES or kind in _FLOAT_TYPES:
        return _build_number(shape)
    if kind == "timestamp":
        return _check_timestamp
    if kind == "blob":
        return _check_blob
    raise ValueError(f"model type {kind!r} of {shape.name} is not supported")


def _build_string(shape: Shape) -> Checker:
    enum = frozenset(shape.enum) if shape.enum else None
    enum_rule = f"must be one of {', '.join(shape.enum)}" if shape.enum else ""
    by_upper = {v.upper(): v for v in shape.enum} if shape.enum else {}
    sized = _size_check(shape, "characters")

    def check_string(value: Any, path: str, problems: list[Problem]) -> Any:
        if type(value) is not str and not isinstance(value, str):
            problems.append(Problem(path, f"is {_kind(value)}", "must be a string"))
            return value
        if not value.isascii() and not _is_unicode_text(value):
            problems.append(Problem(path, "holds a lone surrogate (not a character)", _TEXT_RULE))
        elif enum is not None and value not in enum:
            hint = by_upper.get(value.upper())
            if hint is not None:  # a known value in the wrong case: a typo, never a new value
                problems.append(Problem(path, f"is not an allowed value (did you mean {hint}?)", enum_rule))
            elif not _newer_value_allowed(path, enum_rule):
                problems.append(Problem(path, "is not an allowed value", enum_rule))
        elif sized is not None:
            sized(len(value), path, problems)
        return value

    return check_string


_TEXT_RULE = "must be valid Unicode text (it is sent as UTF-8)"


def _newer_value_allowed(path: str, rule: str) -> bool:
    """Warn and let the value through, unless the warnings filter makes this warning an error."""
    try:
        warnings.warn(
            UnknownEnumValueWarning(
                f"{path}: not a value the pinned model knows ({rule}); sent as given, in case the "
                "service added it since"
            ),
            stacklevel=6,
        )
    except UnknownEnumValueWarning:
        return False
    return True


def _is_unicode_text(value: str) -> bool:
    # Undecodable bytes in argv or a file name arrive as lone surrogates; JSON cannot carry them.
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _build_number(shape: Shape) -> Checker:
    integral = shape.type in _INTEGER_TYPES
    type_rule = "must be an integer" if integral else "must be a number"
    low, high = shape.min, shape.max
    bounded = low is not None or high is not None
    range_rule = f"must be {_range_text(_int(low), _int(high), '')}" if bounded else ""
    low_v = low if low is not None else -math.inf
    high_v = high if high is not None else math.inf

    def check_number(value: Any, path: str, problems: list[Problem]) -> Any:
        if isinstance(value, bool) or not isinstance(value, int | float):
            problems.append(Problem(path, f"is {_kind(value)}", type_rule))
            return value
        if isinstance(value, float):
            if not math.isfinite(value):
                problems.append(Problem(path, f"is {value}", "must be a finite number"))
                return value
            if integral:
                if not value.is_integer():
                    problems.append(Problem(path, f"is {value}", type_rule))
                    return value
                value = int(value)  # 5.0 from R or JSON means 5
        if value < low_v or value > high_v:
            problems.append(Problem(path, f"is {value}", range_rule))
        return value

    return check_number


def _check_timestamp(value: Any, path: str, problems: list[Problem]) -> Any:
    if isinstance(value, _dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=_dt.timezone.utc)
        seconds = value.timestamp()
        return int(seconds) if seconds.is_integer() else seconds
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return value
    problems.append(Problem(path, f"is {_kind(value)}", _TIMESTAMP_RULE))
    return value


def _check_blob(value: Any, path: str, problems: list[Problem]) -> Any:
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value)
    if isinstance(value, str):
        return value
    problems.append(Problem(path, f"is {_kind(value)}", "must be bytes or a base64 string"))
    return value


def _header_text(value: str) -> bool:
    """Whether `value` can go in an HTTP header as is: visible ASCII and spaces, no line breaks."""
    return value.isascii() and value.isprintable()


def _build_structure(shape: Shape) -> Checker:
    members = tuple(
        (name, member.location == "header", _checker(member.shape)) for name, member in shape.members.items()
    )
    known = frozenset(shape.members)
    valid = ", ".join(shape.members) or "none"
    required = tuple(n for n in shape.members if n in shape.required)
    union_rule = f"a union: set exactly one of {valid}" if shape.union else ""

    def check_structure(value: Any, path: str, problems: list[Problem]) -> Any:
        if not isinstance(value, Mapping):
            problems.append(Problem(path, f"is {_kind(value)}", "must be a dict of members"))
            return value
        prefix = f"{path}." if path else ""
        for key in value:
            if key not in known:
                issue = f"has unknown member {_shown_name(key, 'a member')}"
                problems.append(Problem(path, issue, f"valid: {valid}"))
        out: dict[str, Any] = {}
        for name, in_header, check in members:
            item = value.get(name)
            if item is None:
                continue
            where = prefix + name
            checked = check(item, where, problems)
            if in_header and isinstance(checked, str) and not _header_text(checked):
                problems.append(Problem(where, *_HEADER_PROBLEM))
            out[name] = checked
        for name in required:
            if name not in out:
                problems.append(Problem(prefix + name, "is missing", "required"))
        if union_rule and len(out) != 1:
            given = ", ".join(out)
            issue = f"has {len(out)} members set ({given})" if out else "has no member set"
            problems.append(Problem(path, issue, union_rule))
        return out

    return check_structure


def _build_list(shape: Shape) -> Checker:
    assert shape.member is not None
    item_check = _checker(shape.member)
    lone_string = shape.member.type == "string"
    sized = _size_check(shape, "items")

    def check_list(value: Any, path: str, problems: list[Problem]) -> Any:
        if isinstance(value, str) and lone_string:
            value = [value]  # paws: Type = "WEBSOCKET" sends ["WEBSOCKET"]
        elif not isinstance(value, list | tuple):
            problems.append(Problem(path, f"is {_kind(value)}", "must be a list (or tuple)"))
            return value
        out = []
        for index, item in enumerate(value):
            if item is None:
                problems.append(Problem(f"{path}[{index}]", "is None", "list items cannot be None"))
                continue
            out.append(item_check(item, f"{path}[{index}]", problems))
        if sized is not None:
            sized(len(value), path, problems)
        return out

    return check_list


def _build_map(shape: Shape) -> Checker:
    assert shape.key is not None and shape.value is not None
    key_check = _checker(shape.key)
    value_check = _checker(shape.value)
    sized = _size_check(shape, "entries")

    def check_map(value: Any, path: str, problems: list[Problem]) -> Any:
        if not isinstance(value, Mapping):
            problems.append(Problem(path, f"is {_kind(value)}", "must be a dict"))
            return value
        out: dict[Any, Any] = {}
        for index, (key, item) in enumerate(value.items()):
            where = f"{path}[{_shown_name(key, f'#{index}')}]"
            key_check(key, f"{where} (key)", problems)
            if item is None:
                problems.append(Problem(where, "is None", "map values cannot be None"))
                continue
            out[key] = value_check(item, where, problems)
        if sized is not None:
            sized(len(value), path, problems)
        return out

    return check_map


_CHECKERS: ShapeCache[Checker] = ShapeCache(_build)


def _plan(operation: Operation) -> tuple[tuple[str, Checker, bool], ...]:
    plan = _PLANS.get(operation)
    if plan is None:
        plan = tuple(
            (name, _checker(member.shape), member.location == "header")
            for name, member in operation.input_members.items()
        )
        _PLANS[operation] = plan
    return plan


def _required(operation: Operation) -> tuple[str, ...]:
    """Required members the caller must give: all but idempotency tokens, which are filled."""
    names = _REQUIRED.get(operation)
    if names is None:
        members = operation.input_members
        names = tuple(n for n in members if n in operation.required and not members[n].idempotency_token)
        _REQUIRED[operation] = names
    return names


def prepare_input(operation: Operation, kwargs: Mapping[str, Any]) -> dict[str, Any]:
    """`kwargs` normalised the paws way and checked against `operation`'s input shape.

    Returns the members that were given (None left out), in model order, lists as lists. Raises
    ParamValidationError listing every problem. Idempotency tokens may be left out (they are filled
    by `fill_idempotency_tokens`); any other required member may not.
    """
    plan = _plan(operation)
    members = operation.input_members
    problems: list[Problem] = []
    out: dict[str, Any] = {}
    for name, check, in_header in plan:
        value = kwargs.get(name)
        if value is None:
            continue
        try:
            checked = check(value, name, problems)
        except RecursionError:  # a self-referencing or absurdly deep value
            problems.append(Problem(name, "is nested too deeply"))
            continue
        if in_header and isinstance(checked, str) and not _header_text(checked):
            problems.append(Problem(name, *_HEADER_PROBLEM))
        out[name] = checked
    if len(out) != len(kwargs):
        for key in kwargs:
            if key not in members:
                rule = f"valid: {', '.join(members) or 'none'}"
                problems.append(Problem(_shown_name(key, "an argument"), _UNKNOWN_ARGUMENT, rule))
    for name in _required(operation):
        if name not in out:
            problems.append(Problem(name, "is missing", "required"))
    if problems:
        raise ParamValidationError(problems, operation.name)
    return out


def fill_idempotency_tokens(operation: Operation, params: dict[str, Any]) -> dict[str, Any]:
    """Fill every idempotency token member left out of `params` with a fresh UUID4, in place.

    Called once per call, before the first attempt, so every retry resends the same token.
    """
    names = _TOKENS.get(operation)
    if names is None:
        names = tuple(n for n, m in operation.input_members.items() if m.idempotency_token)
        _TOKENS[operation] = names
    for name in names:
        if params.get(name) is None:
            params[name] = uuid4_text()
    return params


def uuid4_text() -> str:
    """A random (version 4) UUID as text: what `str(uuid.uuid4())` gives, at a third of the cost."""
    raw = bytearray(os.urandom(16))
    raw[6] = (raw[6] & 0x0F) | 0x40
    raw[8] = (raw[8] & 0x3F) | 0x80
    h = raw.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


__all__ = ["fill_idempotency_tokens", "prepare_input"]

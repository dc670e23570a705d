"""Server-side input checks, compiled once per operation from the model.

The service checks what arrives on the wire (JSON types, lengths, ranges, enums, required members)
and answers with one error that lists every problem, in the style AWS uses:
``2 validation errors detected: Value null at 'Content' failed to satisfy constraint: ...``.
Client-side normalisation (paws-style arguments) is not the emulator's job, so this reads plain
JSON values rather than going through the client's ``prepare_input``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

from paws_compat._model import Operation, Shape

Problems = list[str]
Check = Callable[[Any, str, Problems], None]

_ECHO_LIMIT = 64


def _show(value: Any, shape: Shape) -> str:
    """The value as AWS quotes it in a message: never a secret, never a wall of text."""
    if shape.secret:  # the model's stamp (tools/generate_model.py): sensitive, or a token's shape
        return "Value"
    text = str(value)
    if len(text) > _ECHO_LIMIT:
        text = text[:_ECHO_LIMIT] + "..."
    return f"Value '{text}'"


def _compile_pattern(pattern: str | None) -> re.Pattern[str] | None:
    """Patterns with Java-only classes (\\p{L}) are not checked: Python's re cannot read them."""
    if pattern is None or "\\p{" in pattern:
        return None
    try:
        return re.compile(pattern)
    except re.error:
        return None


def _compile(shape: Shape, seen: dict[str, Check]) -> Check:
    if shape.name in seen:
        return seen[shape.name]
    kind = shape.type

    def deferred(value: Any, where: str, problems: Problems) -> None:
        seen_check(value, where, problems)

    seen[shape.name] = deferred  # recursive shapes resolve through the table
    check: Check
    if kind == "structure":
        members = [
            (m.wire_name, m.name, _compile(m.shape, seen))
            for m in shape.members.values()
            if m.location is None
        ]
        required = [m.name for m in shape.members.values() if m.location is None and m.name in shape.required]

        def check(value: Any, where: str, problems: Problems) -> None:
            if not isinstance(value, dict):
                problems.append(
                    f"Value at '{where or 'body'}' failed to satisfy constraint: "
                    "Member must be a structure (a JSON object)"
                )
                return
            prefix = f"{where}." if where else ""
            for name in required:
                if value.get(name) is None:
                    problems.append(
                        f"Value null at '{prefix}{name}' failed to satisfy constraint: "
                        "Member must not be null"
                    )
            for wire, name, sub in members:
                item = value.get(wire)
                if item is not None:
                    sub(item, prefix + name, problems)

        if shape.union:  # the model's union trait: exactly one member set (a null is not set)
            check = _one_of(shape, check)

    elif kind == "list":
        assert shape.member is not None
        sub_check = _compile(shape.member, seen)

        def check(value: Any, where: str, problems: Problems) -> None:
            if not isinstance(value, list):
                problems.append(f"Value at '{where}' failed to satisfy constraint: Member must be a list")
                return
            _length(len(value), shape, where, "Value", problems)
            for index, item in enumerate(value):
                if item is None:
                    problems.append(
                        f"Value null at '{where}.{index + 1}' failed to satisfy constraint: "
                        "Member must not be null"
                    )
                else:
                    sub_check(item, f"{where}.{index + 1}", problems)

    elif kind == "map":
        assert shape.key is not None and shape.value is not None
        key_check = _compile(shape.key, seen)
        value_check = _compile(shape.value, seen)

        def check(value: Any, where: str, problems: Problems) -> None:
            if not isinstance(value, dict):
                problems.append(f"Value at '{where}' failed to satisfy constraint: Member must be a map")
                return
            _length(len(value), shape, where, "Value", problems)
            for key, item in value.items():
                key_check(key, f"{where}.key", problems)
                if item is None:
                    problems.append(
                        f"Value null at '{where}.{key}' failed to satisfy constraint: Member must not be null"
                    )
                else:
                    value_check(item, f"{where}.{key}", problems)

    elif kind in ("string", "timestamp", "blob"):
        enum = frozenset(shape.enum) if shape.enum else None
        pattern = _compile_pattern(shape.pattern)
        numeric_ok = kind == "timestamp"
        shortest = shape.min if shape.min is not None else 0
        longest = shape.max if shape.max is not None else math.inf

        def check(value: Any, where: str, problems: Problems) -> None:
            if numeric_ok and isinstance(value, (int, float)) and not isinstance(value, bool):
                return
            if not isinstance(value, str):
                problems.append(
                    f"{_show(value, shape)} at '{where}' failed to satisfy constraint: "
                    "Member must be a string"
                )
                return
            if enum is not None and value not in enum:
                problems.append(
                    f"{_show(value, shape)} at '{where}' failed to satisfy constraint: "
                    f"Member must satisfy enum value set: [{', '.join(shape.enum or ())}]"
                )
                return
            if not shortest <= len(value) <= longest:  # the message (and _show) only when it fails
                _length(len(value), shape, where, _show(value, shape), problems)
            if pattern is not None and not pattern.search(value):
                problems.append(
                    f"{_show(value, shape)} at '{where}' failed to satisfy constraint: "
                    f"Member must satisfy regular expression pattern: {shape.pattern}"
                )

    elif kind == "boolean":

        def check(value: Any, where: str, problems: Problems) -> None:
            if not isinstance(value, bool):
                problems.append(
                    f"{_show(value, shape)} at '{where}' failed to satisfy constraint: "
                    "Member must be a boolean"
                )

    else:  # integer, long, double, float
        integral = kind in ("integer", "long")

        def check(value: Any, where: str, problems: Problems) -> None:
            wanted = int if integral else (int, float)
            if isinstance(value, bool) or not isinstance(value, wanted):
                problems.append(
                    f"{_show(value, shape)} at '{where}' failed to satisfy constraint: "
                    f"Member must be {'an integer' if integral else 'a number'}"
                )
                return
            if shape.min is not None and value < shape.min:
                problems.append(
                    f"{_show(value, shape)} at '{where}' failed to satisfy constraint: "
                    f"Member must have value greater than or equal to {_num(shape.min)}"
                )
            if shape.max is not None and value > shape.max:
                problems.append(
                    f"{_show(value, shape)} at '{where}' failed to satisfy constraint: "
                    f"Member must have value less than or equal to {_num(shape.max)}"
                )

    seen_check = check
    seen[shape.name] = check
    return check


def _one_of(shape: Shape, inner: Check) -> Check:
    """A union's check: the structure's own, then exactly one member set. The service's text for
    this is not documented (no AWS page or official client quotes it): this says the rule in the
    style of its other constraints. Only unions pay for it (SendMessage's shapes have none)."""
    wires = [m.wire_name for m in shape.members.values() if m.location is None]
    names = ", ".join(m.name for m in shape.members.values() if m.location is None)

    def check(value: Any, where: str, problems: Problems) -> None:
        inner(value, where, problems)
        if isinstance(value, dict):
            count = sum(1 for wire in wires if value.get(wire) is not None)
            if count != 1:
                problems.append(
                    f"Value at '{where or 'body'}' failed to satisfy constraint: Member must have exactly "
                    f"one member set (a union of {names}); {count} set"
                )

    return check


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _length(size: int, shape: Shape, where: str, shown: str, problems: Problems) -> None:
    if shape.min is not None and size < shape.min:
        problems.append(
            f"{shown} at '{where}' failed to satisfy constraint: "
            f"Member must have length greater than or equal to {_num(shape.min)}"
        )
    if shape.max is not None and size > shape.max:
        problems.append(
            f"{shown} at '{where}' failed to satisfy constraint: "
            f"Member must have length less than or equal to {_num(shape.max)}"
        )


class InputValidator:
    """Checks one operation's body, headers and path parameters; built once, called per request."""

    def __init__(self, operation: Operation) -> None:
        self.operation = operation
        table: dict[str, Check] = {}
        shape = operation.input
        self._body = _compile(shape, table) if shape is not None else None
        self._located: list[tuple[str, str, bool, Check]] = []
        if shape is not None:
            for member in shape.members.values():
                if member.location is not None:
                    self._located.append(
                        (
                            member.name,
                            member.location,
                            member.name in shape.required,
                            _compile(member.shape, table),
                        )
                    )

    def problems(self, body: Any, located: dict[str, str | None]) -> Problems:
        """Every problem with the request, in model order; `located` holds header/uri values by member."""
        found: Problems = []
        for name, _location, required, check in self._located:
            value = located.get(name)
            if value is None:
                if required:
                    found.append(
                        f"Value null at '{name}' failed to satisfy constraint: Member must not be null"
                    )
            else:
                check(value, name, found)
        if self._body is not None:
            self._body(body, "", found)
        return found


def describe(problems: Problems) -> str:
    """AWS's message: a count, then each problem, separated by semicolons."""
    count = len(problems)
    noun = "error" if count == 1 else "errors"
    return f"{count} validation {noun} detected: " + "; ".join(problems)


def shape_problems(shape: Shape, value: Any, where: str) -> Problems:
    """Every problem with `value` against one model shape (the control API's checks)."""
    found: Problems = []
    _compile(shape, {})(value, where, found)
    return found


# Worst-case JSON bytes per character of a string: a non-BMP character written as two \\uXXXX escapes.
_BYTES_PER_CHAR = 12
_SLACK = 4096


def _largest(shape: Shape, depth: int = 0) -> float:
    """The most bytes a JSON value of `shape` can take within the model's limits (inf: unbounded)."""
    if depth > 16:
        return math.inf
    kind = shape.type
    if kind == "structure":
        return 2 + sum(
            len(m.wire_name) + 4 + _largest(m.shape, depth + 1)
            for m in shape.members.values()
            if m.location is None
        )
    if kind == "list":
        assert shape.member is not None
        count = shape.max if shape.max is not None else math.inf
        return 2 + count * (1 + _largest(shape.member, depth + 1))
    if kind == "map":
        assert shape.key is not None and shape.value is not None
        count = shape.max if shape.max is not None else math.inf
        return 2 + count * (2 + _largest(shape.key, depth + 1) + _largest(shape.value, depth + 1))
    if kind in ("string", "blob"):
        if shape.enum:
            return 2 + max(len(v) for v in shape.enum)
        return 2 + (shape.max if shape.max is not None else math.inf) * _BYTES_PER_CHAR
    if kind == "boolean":
        return 5
    return 40  # numbers and timestamps


def body_limit(operation: Operation, ceiling: int) -> int:
    """The largest request body `operation` can validly have, capped at `ceiling` bytes."""
    if operation.input is None:
        return _SLACK
    largest = _largest(operation.input)
    return ceiling if math.isinf(largest) else int(min(largest + _SLACK, ceiling))

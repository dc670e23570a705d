"""Valid sample values for any model shape: requests and responses for every operation are built
from the model, so the tests cover all operations without retyping a member."""

from __future__ import annotations

from typing import Any

from paws_compat._model import Operation, Shape

TIMESTAMP = "2019-11-25T21:56:46.045Z"


def sample(shape: Shape, name: str = "x") -> Any:
    """A value of `shape` that satisfies its constraints."""
    if shape.enum:
        return shape.enum[-1]
    if shape.type == "string":
        low = int(shape.min or 1)
        high = int(shape.max) if shape.max is not None else max(low, 8)
        text = f"{name}-value"
        if len(text) < low:
            text = text + "0" * (low - len(text))
        return text[: max(high, low)]
    if shape.type == "timestamp":
        return TIMESTAMP
    if shape.type == "boolean":
        return True
    if shape.type in ("integer", "long"):
        low = int(shape.min) if shape.min is not None else 1
        high = int(shape.max) if shape.max is not None else low + 10
        return max(low, min(high, 7))
    if shape.type in ("double", "float"):
        return 2.5
    if shape.type == "list":
        assert shape.member is not None
        return [sample(shape.member, name)]
    if shape.type == "map":
        assert shape.value is not None
        return {"Content-Type": sample(shape.value, name)}
    if shape.type == "structure":
        members = list(shape.members.items())[:1] if shape.union else shape.members.items()  # union: one
        return {member: sample(m.shape, member) for member, m in members}
    raise AssertionError(f"no sample for {shape.type}")


def arguments(operation: Operation, token: str = "tok") -> dict[str, Any]:
    """Every input member of `operation`, valid; the bearer token member gets `token`."""
    args: dict[str, Any] = {}
    for name, member in operation.input_members.items():
        if member.location == "header" and member.location_name == "X-Amz-Bearer":
            args[name] = token
        else:
            args[name] = sample(member.shape, name)
    return args


def body_members(operation: Operation, args: dict[str, Any]) -> dict[str, Any]:
    """What the JSON body must hold for `args`, in model order."""
    return {
        name: args[name]
        for name, member in operation.input_members.items()
        if member.location is None and args.get(name) is not None
    }


def full_output(operation: Operation) -> dict[str, Any]:
    return sample(operation.output) if operation.output is not None else {}

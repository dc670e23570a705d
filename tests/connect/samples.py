"""Valid arguments for every Connect operation, from the model (the core's sampler, bounded in
depth: Connect has recursive shapes, e.g. segment attribute values holding maps of themselves)."""

from __future__ import annotations

from typing import Any

from paws_compat._model import Operation, Shape
from tests.core.samples import sample

MAX_DEPTH = 3


def bounded(shape: Shape, name: str, depth: int = 0) -> Any:
    if shape.type == "structure":
        if shape.union:
            names = list(shape.members)[:1]  # a tagged union: exactly one member
        else:
            names = [n for n in shape.members if depth < MAX_DEPTH or n in shape.required]
        return {n: bounded(shape.members[n].shape, n, depth + 1) for n in names}
    if shape.type == "list" and shape.member is not None:
        return [bounded(shape.member, name, depth + 1)]
    if shape.type == "map" and shape.value is not None:
        return {"key-1": bounded(shape.value, name, depth + 1)}
    return sample(shape, name)


def arguments(operation: Operation) -> dict[str, Any]:
    """Every input member of `operation`, valid."""
    return {name: bounded(m.shape, name) for name, m in operation.input_members.items()}

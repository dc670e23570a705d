"""The service model, read from the compact JSON that tools/generate_model.py writes.

Everything per operation (signatures, validation, serialization, parsing, the emulator's checks,
the R front-end's conversions, the CLI's options) is derived from these objects; nothing about an
operation is written by hand anywhere else.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

# R's type for each model type, as paws fills it (paws-parity.md): the one fact R conversion needs.
R_TYPES = {
    "string": "character",
    "timestamp": "character",
    "blob": "character",
    "boolean": "logical",
    "integer": "numeric",
    "long": "numeric",
    "double": "numeric",
    "float": "numeric",
    "structure": "list",
    "list": "list",
    "map": "list",
}

SCALAR_TYPES = frozenset({"string", "timestamp", "blob", "boolean", "integer", "long", "double", "float"})


def snake_case(name: str) -> str:
    """CreateParticipantConnection -> create_participant_connection (paws' and boto3's rule)."""
    step = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", name)
    return re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", step).lower()


@dataclass(eq=False)
class Shape:
    name: str
    type: str
    members: dict[str, Member] = field(default_factory=dict)
    required: frozenset[str] = frozenset()
    member: Shape | None = None
    key: Shape | None = None
    value: Shape | None = None
    enum: tuple[str, ...] | None = None
    min: int | float | None = None
    max: int | float | None = None
    pattern: str | None = None
    sensitive: bool = False
    error_code: str | None = None
    error_status: int | None = None
    is_error: bool = False

    @property
    def r_type(self) -> str:
        return R_TYPES[self.type]

    @property
    def is_scalar(self) -> bool:
        return self.type in SCALAR_TYPES

    def __repr__(self) -> str:
        return f"<Shape {self.name} ({self.type})>"


@dataclass(eq=False)
class Member:
    name: str
    shape: Shape
    location: str | None = None
    location_name: str | None = None
    idempotency_token: bool = False

    @property
    def sensitive(self) -> bool:
        return self.shape.sensitive

    @property
    def wire_name(self) -> str:
        return self.location_name or self.name

    def __repr__(self) -> str:
        return f"<Member {self.name}: {self.shape.name}>"


@dataclass(eq=False)
class Operation:
    name: str
    http_method: str
    request_uri: str
    input: Shape | None
    output: Shape | None
    errors: tuple[Shape, ...]

    @property
    def method_name(self) -> str:
        return snake_case(self.name)

    @property
    def input_members(self) -> dict[str, Member]:
        return self.input.members if self.input is not None else {}

    @property
    def required(self) -> frozenset[str]:
        return self.input.required if self.input is not None else frozenset()

    def __repr__(self) -> str:
        return f"<Operation {self.name} {self.http_method} {self.request_uri}>"


class ServiceModel:
    """One service's operations and shapes, resolved into linked objects."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.metadata: dict[str, Any] = data["metadata"]
        self.botocore_version: str = data.get("botocore_version", "")
        raw_shapes: dict[str, Any] = data["shapes"]
        self.shapes: dict[str, Shape] = {}
        for name, raw in raw_shapes.items():
            error = raw.get("error", {})
            enum = raw.get("enum")
            self.shapes[name] = Shape(
                name=name,
                type=raw["type"],
                required=frozenset(raw.get("required", ())),
                enum=tuple(enum) if enum is not None else None,
                min=raw.get("min"),
                max=raw.get("max"),
                pattern=raw.get("pattern"),
                sensitive=bool(raw.get("sensitive", False)),
                error_code=error.get("code", name) if raw.get("exception") else None,
                error_status=error.get("httpStatusCode"),
                is_error=bool(raw.get("exception", False)),
            )
        for name, raw in raw_shapes.items():
            shape = self.shapes[name]
            for member_name, spec in raw.get("members", {}).items():
                shape.members[member_name] = Member(
                    name=member_name,
                    shape=self.shapes[spec["shape"]],
                    location=spec.get("location"),
                    location_name=spec.get("locationName"),
                    idempotency_token=bool(spec.get("idempotencyToken", False)),
                )
            for part in ("member", "key", "value"):
                if part in raw:
                    setattr(shape, part, self.shapes[raw[part]["shape"]])
        self.operations: dict[str, Operation] = {}
        for name, raw in data["operations"].items():
            self.operations[name] = Operation(
                name=name,
                http_method=raw["http"]["method"],
                request_uri=raw["http"]["requestUri"],
                input=self.shapes[raw["input"]] if "input" in raw else None,
                output=self.shapes[raw["output"]] if "output" in raw else None,
                errors=tuple(self.shapes[e] for e in raw.get("errors", ())),
            )
        self._by_method = {op.method_name: op for op in self.operations.values()}

    @property
    def service_id(self) -> str:
        return str(self.metadata["serviceId"])

    @property
    def endpoint_prefix(self) -> str:
        return str(self.metadata["endpointPrefix"])

    @property
    def error_shapes(self) -> dict[str, Shape]:
        """Every error shape any operation names, by error code."""
        found: dict[str, Shape] = {}
        for op in self.operations.values():
            for shape in op.errors:
                found[shape.error_code or shape.name] = shape
        return dict(sorted(found.items()))

    def operation_by_method(self, method_name: str) -> Operation:
        return self._by_method[method_name]

    def __repr__(self) -> str:
        return f"<ServiceModel {self.service_id} {len(self.operations)} operations>"


@cache
def load_model(service: str = "connectparticipant") -> ServiceModel:
    """The packaged model of `service` ("connectparticipant" or "connect"), parsed once."""
    text = resources.files("paws_compat").joinpath("_data", f"{service}.json").read_text(encoding="utf-8")
    return ServiceModel(json.loads(text))


def model_path(service: str = "connectparticipant") -> str:
    """Where the packaged model file lives (the R package reads the same file)."""
    return str(resources.files("paws_compat").joinpath("_data", f"{service}.json"))

"""The service model, read from the compact JSON that tools/generate_model.py writes.

Everything per operation (signatures, validation, serialization, parsing, the emulator's checks,
the R front-end's conversions, the CLI's options) is derived from these objects; nothing about an
operation is written by hand anywhere else.
"""

from __future__ import annotations

import json
import os
from functools import cache
from typing import Any

import attrs

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

_DATA_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "_data")


def _is_upper(ch: str) -> bool:
    return "A" <= ch <= "Z"


def _is_lower(ch: str) -> bool:
    return "a" <= ch <= "z"


def snake_case(name: str) -> str:
    """CreateParticipantConnection -> create_participant_connection (paws' and boto3's rule).

    The two regex substitutions botocore uses, `([A-Z]+)([A-Z][a-z])` -> `\\1_\\2` and then
    `([a-z0-9])([A-Z])` -> `\\1_\\2`, written out (no regex to compile when the model loads).
    """
    # 1: a run of two or more capitals followed by a lower-case letter splits before its last
    # capital (HTTPServer -> HTTP_Server).
    chars: list[str] = []
    n = len(name)
    i = 0
    while i < n:
        if _is_upper(name[i]):
            j = i
            while j < n and _is_upper(name[j]):
                j += 1
            if j - i >= 2 and j < n and _is_lower(name[j]):
                chars.append(name[i : j - 1])
                chars.append("_")
                chars.append(name[j - 1 : j + 1])
                i = j + 1
            else:
                chars.append(name[i:j])
                i = j
        else:
            chars.append(name[i])
            i += 1
    step = "".join(chars)
    # 2: a lower-case letter or digit followed by a capital splits between them.
    out: list[str] = []
    previous = ""
    for ch in step:
        if _is_upper(ch) and (_is_lower(previous) or "0" <= previous <= "9"):
            out.append("_")
        out.append(ch)
        previous = ch
    return "".join(out).lower()


class Shape:
    """A model shape. Compared and hashed by identity: each is one node of the model's graph."""

    def __init__(
        self,
        name: str,
        type: str,
        members: dict[str, Member] | None = None,
        required: frozenset[str] = frozenset(),
        member: Shape | None = None,
        key: Shape | None = None,
        value: Shape | None = None,
        enum: tuple[str, ...] | None = None,
        min: int | float | None = None,
        max: int | float | None = None,
        pattern: str | None = None,
        sensitive: bool = False,
        secret: bool = False,
        union: bool = False,
        error_code: str | None = None,
        error_status: int | None = None,
        is_error: bool = False,
    ) -> None:
        self.name = name
        self.type = type
        self.members: dict[str, Member] = {} if members is None else members
        self.required = required
        self.member = member
        self.key = key
        self.value = value
        self.enum = enum
        self.min = min
        self.max = max
        self.pattern = pattern
        self.sensitive = sensitive
        self.secret = secret  # never shown (the generator's stamp: sensitive, or a token's shape)
        self.union = union  # a tagged union: exactly one member is set
        self.error_code = error_code
        self.error_status = error_status
        self.is_error = is_error

    @property
    def r_type(self) -> str:
        return R_TYPES[self.type]

    @property
    def is_scalar(self) -> bool:
        return self.type in SCALAR_TYPES

    def __repr__(self) -> str:
        return f"<Shape {self.name} ({self.type})>"


class Member:
    """A member of a structure shape: its name, shape and where it travels."""

    def __init__(
        self,
        name: str,
        shape: Shape,
        location: str | None = None,
        location_name: str | None = None,
        idempotency_token: bool = False,
        secret: bool = False,
    ) -> None:
        self.name = name
        self.shape = shape
        self.location = location
        self.location_name = location_name
        self.idempotency_token = idempotency_token
        # Its value is never shown: stamped by tools/generate_model.py (paws_compat._redact).
        self.secret = secret

    @property
    def sensitive(self) -> bool:
        return self.shape.sensitive

    @property
    def wire_name(self) -> str:
        return self.location_name or self.name

    def __repr__(self) -> str:
        return f"<Member {self.name}: {self.shape.name}>"


class Operation:
    """An operation of the model: its HTTP binding, input and output shapes and errors."""

    def __init__(
        self,
        name: str,
        http_method: str,
        request_uri: str,
        input: Shape | None,
        output: Shape | None,
        errors: tuple[Shape, ...],
    ) -> None:
        self.name = name
        self.http_method = http_method
        self.request_uri = request_uri
        self.input = input
        self.output = output
        self.errors = errors
        self._method_name: str | None = None

    @property
    def method_name(self) -> str:
        found = self._method_name
        if found is None:
            found = self._method_name = snake_case(self.name)
        return found

    @property
    def input_members(self) -> dict[str, Member]:
        return self.input.members if self.input is not None else {}

    @property
    def required(self) -> frozenset[str]:
        return self.input.required if self.input is not None else frozenset()

    def __repr__(self) -> str:
        return f"<Operation {self.name} {self.http_method} {self.request_uri}>"


@attrs.frozen
class Secrets:
    """The names whose values are secrets in free text (tools/generate_model.py stamps them):
    members (`"ConnectionToken": "..."`), headers (`X-Amz-Bearer: ...`) and the query parameters
    of URLs the service hands out (`?AuthToken=...`)."""

    members: tuple[str, ...]
    headers: tuple[str, ...]
    query: tuple[str, ...]


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
                secret=bool(raw.get("secret", False)),
                union=bool(raw.get("union", False)),
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
                    secret=bool(spec.get("secret", False)),
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
        secrets = data.get("secrets", {})
        self.secrets = Secrets(
            members=tuple(secrets.get("members", ())),
            headers=tuple(secrets.get("headers", ())),
            query=tuple(secrets.get("query", ())),
        )

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
    with open(model_path(service), encoding="utf-8") as handle:
        return ServiceModel(json.loads(handle.read()))


def model_path(service: str = "connectparticipant") -> str:
    """Where the packaged model file lives (the R package reads the same file)."""
    return os.path.join(_DATA_DIR, f"{service}.json")

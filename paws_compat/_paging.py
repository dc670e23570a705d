"""Paging over an operation that returns its results a page at a time (GetTranscript by NextToken).

Two front-ends over one loop, both driven by the paginator definition in the model data:
- paws' form: `paginate(svc.get_transcript, ContactId=..., MaxItems=50)` -> a list of pages, as
  `paws.common::paginate(svc$get_transcript(...))` returns them;
- boto3's form: `svc.get_paginator("get_transcript").paginate(..., PaginationConfig={...})`, an
  iterable of pages with `build_full_result()`, `resume_token` and `search()`.

A resume token is botocore's (base64 of JSON {"NextToken": ..., "boto_truncate_amount": n}), so a
token from boto3's paginator resumes here and the other way round; a page cut by MaxItems resumes
at the item after the last one returned.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Iterator, Mapping
from functools import cache
from typing import Any

import attrs

from ._errors import ParamValidationError, PawsCompatError, Problem
from ._model import Operation, load_model, model_path
from ._result import Record, parse_output

__all__ = ["PageIterator", "PaginationError", "Paginator", "paginate", "paginator_definitions"]


class PaginationError(PawsCompatError):
    """The service repeated a page token (paging would never end) or a token is not ours."""


@attrs.frozen
class PaginatorDefinition:
    """botocore's paginator fields for one operation."""

    input_token: str
    output_token: str
    result_key: str
    limit_key: str | None = None
    non_aggregate_keys: tuple[str, ...] = attrs.field(default=(), converter=tuple)


@cache
def paginator_definitions(service: str = "connectparticipant") -> dict[str, PaginatorDefinition]:
    """The model data's paginators, keyed by operation name."""
    with open(model_path(service), encoding="utf-8") as handle:
        raw = json.load(handle).get("paginators", {})
    return {name: PaginatorDefinition(**spec) for name, spec in raw.items()}


def encode_token(next_token: str | None, truncate: int) -> str:
    fields: dict[str, Any] = {"NextToken": next_token}
    if truncate:
        fields["boto_truncate_amount"] = truncate
    return base64.b64encode(json.dumps(fields).encode("utf-8")).decode("ascii")


def decode_token(token: str) -> tuple[str | None, int]:
    """(the service's NextToken, items of that page already returned); a plain token passes as is."""
    try:
        fields = json.loads(base64.b64decode(token, validate=True).decode("utf-8"))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return token, 0
    if not isinstance(fields, dict) or "NextToken" not in fields:
        return token, 0
    truncate = fields.get("boto_truncate_amount", 0)
    if not isinstance(truncate, int) or truncate < 0:
        raise PaginationError("StartingToken: boto_truncate_amount must be a whole number")
    return fields["NextToken"], truncate


def _positive(name: str, value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ParamValidationError([Problem(name, f"got {value!r}", "a whole number of at least 1")])
    return value


class PageIterator:
    """The pages of one paging run, fetched as they are iterated (boto3's PageIterator)."""

    def __init__(
        self,
        call: Callable[..., Record],
        operation: Operation,
        definition: PaginatorDefinition,
        members: Mapping[str, Any],
        *,
        max_items: int | None = None,
        page_size: int | None = None,
        starting_token: str | None = None,
        stop_on_same_token: bool = False,
    ) -> None:
        given = definition.input_token if members.get(definition.input_token) is not None else None
        if given is not None:
            raise ParamValidationError(
                [Problem(given, "given with paging", "use StartingToken to resume a paginator")]
            )
        self._call = call
        self._operation = operation
        self._definition = definition
        self._members = dict(members)
        self._max_items = _positive("MaxItems", max_items)
        self._page_size = _positive("PageSize", page_size)
        self._starting_token = starting_token
        self._stop_on_same_token = stop_on_same_token
        self.resume_token: str | None = None

    def __iter__(self) -> Iterator[Record]:
        d = self._definition
        token, skip = decode_token(self._starting_token) if self._starting_token else (None, 0)
        members = dict(self._members)
        if self._page_size is not None and d.limit_key is not None:
            members[d.limit_key] = self._page_size
        returned = 0
        seen: set[str] = set()
        while True:
            if token is not None:
                members[d.input_token] = token
            page = self._call(**members)
            everything = list(page[d.result_key])
            next_token = page[d.output_token] or None
            items, skip = everything[skip:], 0
            kept = items
            if self._max_items is not None and returned + len(items) >= self._max_items:
                kept = items[: self._max_items - returned]
                cut = len(items) - len(kept)
                if cut:  # resume inside this page: the same request, past the items returned
                    consumed = len(everything) - cut
                    self.resume_token = encode_token(token, consumed)
                elif next_token is not None:
                    self.resume_token = encode_token(next_token, 0)
                yield _with_items(page, d.result_key, kept)
                return
            returned += len(kept)
            yield page if len(kept) == len(everything) else _with_items(page, d.result_key, kept)
            if next_token is None:
                return
            if next_token in seen or next_token == token:
                if self._stop_on_same_token:
                    return
                raise PaginationError(f"{self._operation.name} returned the same {d.output_token} twice")
            seen.add(next_token)
            token = next_token

    def build_full_result(self) -> Record:
        """Every page's items in one result of the operation's shape; NextToken is the resume token."""
        d = self._definition
        merged: dict[str, Any] = {}
        items: list[Any] = []
        for page in self:
            for key in d.non_aggregate_keys:
                if key not in merged and page[key]:
                    merged[key] = _plain(page[key])
            items.extend(_plain(item) for item in page[d.result_key])
        merged[d.result_key] = items
        if self.resume_token is not None:
            merged[d.output_token] = self.resume_token
        return parse_output(self._operation.output, merged)

    def search(self, expression: str) -> Iterator[Any]:
        """JMESPath over each page, as boto3's search() (needs the jmespath package)."""
        import jmespath

        compiled = jmespath.compile(expression)
        for page in self:
            found = compiled.search(page.to_dict())
            if isinstance(found, list):
                yield from found
            elif found is not None:
                yield found


def _plain(value: Any) -> Any:
    return value.to_dict() if isinstance(value, Record) else value


def _with_items(page: Record, key: str, items: list[Any]) -> Record:
    data = page.to_dict()
    data[key] = [_plain(item) for item in items]
    return parse_output(page.shape, data)


class Paginator:
    """boto3's `client.get_paginator(name)`: `paginate(**members, PaginationConfig={...})`."""

    def __init__(self, client: Any, operation: Operation, definition: PaginatorDefinition) -> None:
        self._client = client
        self._operation = operation
        self._definition = definition

    def paginate(self, *, PaginationConfig: Mapping[str, Any] | None = None, **members: Any) -> PageIterator:
        config = dict(PaginationConfig or {})
        unknown = sorted(set(config) - {"MaxItems", "PageSize", "StartingToken"})
        if unknown:
            rule = "MaxItems, PageSize or StartingToken"
            problems = [Problem(f"PaginationConfig.{k}", "unknown key", rule) for k in unknown]
            raise ParamValidationError(problems)
        return PageIterator(
            getattr(self._client, self._operation.method_name),
            self._operation,
            self._definition,
            members,
            max_items=config.get("MaxItems"),
            page_size=config.get("PageSize"),
            starting_token=config.get("StartingToken"),
        )


def _lookup(service: str, name: str) -> tuple[Operation, PaginatorDefinition]:
    model = load_model(service)
    operation = model.operations.get(name) or _by_method(model, name)
    definition = paginator_definitions(service).get(operation.name) if operation is not None else None
    if operation is None or definition is None:
        pageable = ", ".join(model.operations[n].method_name for n in paginator_definitions(service))
        raise PawsCompatError(f"{name!r} cannot be paginated; operations that can: {pageable}")
    return operation, definition


def _by_method(model: Any, name: str) -> Operation | None:
    try:
        operation: Operation = model.operation_by_method(name)
    except (KeyError, ValueError, LookupError):
        return None
    return operation


def get_paginator(client: Any, name: str, service: str = "connectparticipant") -> Paginator:
    operation, definition = _lookup(service, name)
    return Paginator(client, operation, definition)


def can_paginate(name: str, service: str = "connectparticipant") -> bool:
    try:
        _lookup(service, name)
    except PawsCompatError:
        return False
    return True


def paginate(
    operation: Callable[..., Any],
    /,
    *,
    PageSize: int | None = None,
    MaxItems: int | None = None,
    StartingToken: str | None = None,
    StopOnSameToken: bool = False,
    **members: Any,
) -> list[Record]:
    """paws' `paginate()`: every page of `operation` (a client's method, e.g. `svc.get_transcript`)."""
    client = getattr(operation, "__self__", None)
    if client is None:
        raise TypeError("paginate() takes a client's method, e.g. paginate(svc.get_transcript, ...)")
    op, definition = _lookup(getattr(client, "_service", "connectparticipant"), operation.__name__)
    return list(
        PageIterator(
            operation,
            op,
            definition,
            members,
            max_items=MaxItems,
            page_size=PageSize,
            starting_token=StartingToken,
            stop_on_same_token=StopOnSameToken,
        )
    )

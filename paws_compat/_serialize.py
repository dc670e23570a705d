"""rest-json requests from validated parameters, as botocore would send them.

Path members are URI-encoded into the request URI, header members become headers (the token in
X-Amz-Bearer), querystring members go in the query, and the other members form a compact JSON body
in model order. Everything that depends only on the operation is worked out once and cached: a
call costs a few dict look-ups and one JSON encoding.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote, urlencode

import attrs

from ._errors import ParamValidationError, Problem
from ._model import Operation, Shape
from ._redact import MASK, mask_headers, mask_url

CONTENT_TYPE = "application/json"


def _not_json(value: Any) -> Any:
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def _make_encoder() -> Any:
    """A compact UTF-8 JSON encoder built once: `json.dumps` rebuilds its C encoder every call,
    a third of a small request's cost. Falls back to the public API where the C one is missing."""
    from json import encoder as _json_encoder

    make = getattr(_json_encoder, "c_make_encoder", None)
    if make is None:
        return json.JSONEncoder(separators=(",", ":"), ensure_ascii=False, check_circular=False).encode
    # markers=None: no cycle check (validated input has none), so one encoder serves all threads.
    escape = _json_encoder.encode_basestring
    encode_chunks = make(None, _not_json, escape, None, ":", ",", False, False, False)

    def encode(value: Any) -> str:
        return "".join(encode_chunks(value, 0))

    return encode


_encode_json = _make_encoder()


def _size(body: bytes) -> str:
    return f"<{len(body)} bytes>"


def _masked(headers: dict[str, str]) -> str:
    return repr(mask_headers(headers))


@attrs.frozen
class Request:
    """One HTTP request, ready for a transport (the client adds its own headers). Its repr shows
    neither the bearer token (headers masked) nor the body, and the path with its members (a
    ViewToken is a secret) replaced by ***."""

    method: str
    path: str = attrs.field(repr=False)
    headers: dict[str, str] = attrs.field(repr=_masked)
    body: bytes = attrs.field(repr=_size)
    shown_path: str | None = attrs.field(default=None, eq=False)  # for display only


class _Plan:
    """What serializing one operation needs, computed once."""

    __slots__ = (
        "body",
        "body_plain",
        "empty_body",
        "has_query",
        "headers",
        "method",
        "path_parts",
        "query",
        "static_path",
        "static_query",
    )

    def __init__(self, operation: Operation) -> None:
        self.method = operation.http_method
        uri, _, static_query = operation.request_uri.partition("?")
        self.static_query = static_query
        # "/participant/views/{ViewToken}" -> ["/participant/views/", ("ViewToken", greedy)]
        parts: list[str | tuple[str, bool]] = []
        rest = uri
        while "{" in rest:
            before, _, tail = rest.partition("{")
            label, _, rest = tail.partition("}")
            if before:
                parts.append(before)
            greedy = label.endswith("+")
            parts.append((label.rstrip("+"), greedy))
        if rest:
            parts.append(rest)
        by_label = {}
        self.headers: list[tuple[str, str]] = []
        self.query: list[tuple[str, str]] = []
        self.body: list[tuple[str, str]] = []
        plain = True
        for name, member in operation.input_members.items():
            wire = member.location_name or name
            if member.location == "uri":
                by_label[wire] = name
            elif member.location == "header":
                self.headers.append((name, wire))
            elif member.location == "querystring":
                self.query.append((name, wire))
            elif member.location is None:
                self.body.append((name, wire))
                plain = plain and _is_plain(member.shape, set())
        self.path_parts = [p if isinstance(p, str) else (by_label.get(p[0], p[0]), p[1]) for p in parts]
        only_text = all(isinstance(p, str) for p in self.path_parts)
        self.static_path: str | None = "".join(str(p) for p in self.path_parts) if only_text else None
        self.has_query = bool(self.query or self.static_query)
        # JSON-ready already (no blobs or timestamps to convert, no renamed nested members).
        self.body_plain = plain
        # botocore sends `{}` when the input has body members but none was given, and no body at
        # all when the input has none (a GET with only path and header members).
        self.empty_body = b"{}" if self.body else b""


def _is_plain(shape: Shape, seen: set[str]) -> bool:
    """True when values of `shape` are JSON-ready as validated (nothing to convert)."""
    if shape.name in seen:
        return True
    seen.add(shape.name)
    if shape.type in ("blob", "timestamp"):
        return False
    if shape.type == "structure":
        return all(
            m.location_name in (None, n) and _is_plain(m.shape, seen) for n, m in shape.members.items()
        )
    if shape.type == "list":
        return shape.member is None or _is_plain(shape.member, seen)
    if shape.type == "map":
        return shape.value is None or _is_plain(shape.value, seen)
    return True


def _to_json(value: Any, shape: Shape) -> Any:
    """A value made JSON-ready: blobs base64, datetimes to epoch seconds, wire names."""
    kind = shape.type
    if kind == "structure":
        return {
            (m.location_name or n): _to_json(value[n], m.shape)
            for n, m in shape.members.items()
            if value.get(n) is not None
        }
    if kind == "list":
        assert shape.member is not None
        return [_to_json(v, shape.member) for v in value]
    if kind == "map":
        assert shape.value is not None
        return {k: _to_json(v, shape.value) for k, v in value.items()}
    if kind == "blob" and isinstance(value, bytes | bytearray):
        import base64  # blobs are rare: not on every client's start-up path

        return base64.b64encode(value).decode("ascii")
    if kind == "timestamp" and hasattr(value, "timestamp"):
        seconds = value.timestamp()
        return int(seconds) if seconds.is_integer() else seconds
    return value


def _header_value(value: Any) -> str:
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return ",".join(_header_value(v) for v in value)
    return str(value)


_PLANS: dict[Operation, _Plan] = {}


def serialize_request(operation: Operation, params: dict[str, Any]) -> Request:
    """The HTTP request for `operation` with `params` (as `prepare_input` returns them)."""
    plan = _PLANS.get(operation)
    if plan is None:
        plan = _PLANS[operation] = _Plan(operation)
    shown_path = None
    path = plan.static_path
    if path is None:
        pieces = []
        for part in plan.path_parts:
            if isinstance(part, str):
                pieces.append(part)
                continue
            name, greedy = part
            value = params.get(name)
            if value is None or value == "":
                problem = Problem(name, "is missing", "goes in the URL path")
                raise ParamValidationError([problem], operation.name)
            pieces.append(quote(_header_value(value), safe="/~" if greedy else "~"))
        path = "".join(pieces)
        shown_path = "".join(p if isinstance(p, str) else MASK for p in plan.path_parts)
    if plan.has_query:
        pairs: list[tuple[str, str]] = []
        for name, wire in plan.query:
            value = params.get(name)
            if value is None:
                continue
            if isinstance(value, list | tuple):
                pairs.extend((wire, _header_value(v)) for v in value)
            else:
                pairs.append((wire, _header_value(value)))
        query = "&".join(q for q in (plan.static_query, urlencode(pairs, quote_via=quote)) if q)
        if query:
            if shown_path is not None:
                shown_path = mask_url(f"{shown_path}?{query}")
            path = f"{path}?{query}"
    headers = {"Content-Type": CONTENT_TYPE}
    for name, wire in plan.headers:
        value = params.get(name)
        if value is not None:
            headers[wire] = value if type(value) is str else _header_value(value)
    body_members = {wire: params[name] for name, wire in plan.body if name in params}
    if not body_members:
        body = plan.empty_body
    elif plan.body_plain:
        body = _encode_json(body_members).encode("utf-8")
    else:
        members = operation.input_members
        ready = {w: _to_json(params[n], members[n].shape) for n, w in plan.body if n in params}
        body = _encode_json(ready).encode("utf-8")
    return Request(plan.method, path, headers, body, mask_url(path) if shown_path is None else shown_path)


__all__ = ["CONTENT_TYPE", "Request", "serialize_request"]

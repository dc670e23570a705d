"""The client: one method per operation of the model, and the pipeline every call runs.

prepare_input -> fill_idempotency_tokens (once per call) -> serialize_request -> send, resending
per the retry policy -> parse_output, or error_from_response. Methods are generated from the model,
with real signatures and docstrings, so `help()` and `inspect.signature` show the operation's
arguments and an unknown argument is a TypeError. Each is made when it is first looked up (on the
class or a client): a process that calls one operation compiles one method, not eleven.
"""

from __future__ import annotations

import json
import keyword
import logging
import sys
import time
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from . import _paging
    from .type_defs import ConnectParticipantOperations as _Operations  # the methods' types
else:
    _Operations = object

from . import __version__, _logredact
from ._config import Config, Endpoint, resolve
from ._errors import ResponseParseError, ServiceError, TransportError, error_from_response
from ._model import Member, Operation, Shape, load_model
from ._result import Record, parse_output
from ._retry import StandardRetry
from ._serialize import serialize_request
from ._transport import RequestsTransport, Timeouts, Transport
from ._validate import fill_idempotency_tokens, prepare_input, uuid4_text

logger = logging.getLogger("paws_compat")

SERVICE = "connectparticipant"
USER_AGENT = f"paws-compat/{__version__} Python/{'.'.join(map(str, sys.version_info[:3]))} {sys.platform}"


class Client(_Operations):
    """Amazon Connect Participant Service client, shaped like paws' `connectparticipant()`.

    Methods take the model's input members as keyword arguments (paws' names) and return a
    `Record` holding every output member. No AWS credentials are needed or used: the service
    authenticates by the token each operation sends in `X-Amz-Bearer`.

    config: a Config or a dict of its keys. session: a requests.Session to send with (its
    proxies, verify, adapters; default: a new one). transport: how requests travel (default: the
    Session's adapters under the client's network policy, `client.network`; another Transport
    keeps its own TLS and proxy settings for REST).
    retry: the retry policy (default: boto3's standard mode with config's max_retries).
    env: the environment that region and endpoint are resolved from (default: os.environ).

    One client is safe to share between threads; `close()` (or `with`) releases its connections.
    """

    # The model this class' methods come from; a subclass for another service (paws_compat.connect's)
    # sets its own and adds `sign`, which sees every attempt's headers just before it is sent.
    service: str = SERVICE
    sign: Callable[[str, str, dict[str, str], bytes], None] | None = None

    def __init__(
        self,
        config: Config | Mapping[str, Any] | None = None,
        *,
        transport: Transport | None = None,
        session: Any = None,
        retry: StandardRetry | None = None,
        env: Mapping[str, str] | None = None,
    ) -> None:
        from . import _network

        cfg = config if isinstance(config, Config) else Config.from_args(config)
        resolved = resolve(cfg, env, service=self.service)
        self.config: Config = cfg
        self.region: str | None = resolved.region
        self.endpoint: Endpoint = resolved.endpoint
        given = transport if isinstance(transport, RequestsTransport) else None
        if session is None and given is not None:
            session = given.session
        verify = cfg.verify if given is None or given.verify is None else given.verify
        if session is None:
            from ._transport._requests import new_session

            session = new_session(cfg.max_pool_connections)
            own_session = True
        else:
            own_session = given is not None and given.owns_session
        # The one network policy: REST, attachment transfers and chat websockets all use it.
        self.network: _network.NetworkPolicy = _network.build(
            session=session,
            config_verify=verify,
            aws_bundle=resolved.aws_bundle,
            allow_http=cfg.allow_http,
            env=env,
        )
        self.network.own_session = own_session
        if transport is None:
            transport = RequestsTransport(session)
            transport.owns_session = own_session
        if isinstance(transport, RequestsTransport):
            transport.use(self.network)
        self._transport = transport
        self._call_timeout = float(cfg.call_timeout)
        self._retry = retry if retry is not None else StandardRetry(cfg.max_retries)
        self._timeouts = Timeouts(float(cfg.connect_timeout), float(cfg.timeout))
        self._prefix = resolved.endpoint.origin + resolved.endpoint.base_path
        self._base_headers: dict[str, str] = {"User-Agent": USER_AGENT}
        if cfg.close_connection:
            self._base_headers["Connection"] = "close"

    @property
    def transport(self) -> Transport:
        return self._transport

    @property
    def tls_verify(self) -> bool | str:
        """What TLS trusts (False, or a CA bundle's path): the network policy's trust store."""
        return self.network.verify

    def _call(self, operation: Operation, kwargs: dict[str, Any]) -> Record:
        return _parse(operation, self._send(operation, kwargs))

    def _call_json(self, method_name: str, kwargs: dict[str, Any]) -> Any:
        """An operation's reply as decoded JSON, not fitted to the model (same checks, headers
        and retries as a method call): for a reader that keeps what fits of a reply the model
        refuses, as a chat's gap fill does with a page holding one malformed item."""
        operation = load_model(self.service).operation_by_method(method_name)
        return _decode(operation, self._send(operation, kwargs))

    def _send(self, operation: Operation, kwargs: dict[str, Any]) -> bytes:
        """Validate, serialize and send, resending per the retry policy: the 2xx body."""
        params = prepare_input(operation, kwargs)
        fill_idempotency_tokens(operation, params)
        request = serialize_request(operation, params)
        headers = self._base_headers.copy()
        headers.update(request.headers)
        headers["amz-sdk-invocation-id"] = uuid4_text()
        url = self._prefix + request.path
        body = request.body
        retry = self._retry
        max_attempts = retry.max_attempts
        transport = self._transport
        connect, read = self._timeouts.connect, self._timeouts.read
        deadline = time.monotonic() + self._call_timeout
        attempt = 0
        while True:
            attempt += 1
            headers["amz-sdk-request"] = f"attempt={attempt}; max={max_attempts}"
            if self.sign is not None:
                self.sign(request.method, url, headers, body)
            response_headers: Any = None
            error: Exception
            left = deadline - time.monotonic()
            timeouts = self._timeouts if left >= connect and left >= read else Timeouts(
                min(connect, left), min(read, left)
            )
            try:
                response = transport.send(request.method, url, headers, body, timeouts, deadline=deadline)
            except TransportError as exc:
                error = exc
            else:
                if 200 <= response.status < 300:
                    retry.succeeded()
                    return response.body
                response_headers = response.headers
                error = error_from_response(
                    response.status, response.headers, response.body, service=self.service
                )
            delay = retry.delay(attempt, error, response_headers)
            if delay is None or time.monotonic() + delay >= deadline:
                # No retry left, or none that could finish within the call's deadline.
                raise error
            logger.info(
                "%s: attempt %d of %d failed with %s; retrying in %.3f s",
                operation.name,
                attempt,
                max_attempts,
                _describe(error),
                delay,
            )
            if delay > 0:
                retry.sleep(delay)

    # Paging (paws_compat/_paging.py, imported on first use): boto3's paginator names on the client.
    def get_paginator(self, operation_name: str) -> _paging.Paginator:
        from . import _paging

        return _paging.get_paginator(self, operation_name, SERVICE)

    def can_paginate(self, operation_name: str) -> bool:
        from . import _paging

        return _paging.can_paginate(operation_name, SERVICE)

    def close(self) -> None:
        """Release pooled connections; the client still works afterwards (it reconnects)."""
        self._transport.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<paws_compat.{type(self).__name__} {self.service} endpoint={self.endpoint.origin!r}>"


def _parse(operation: Operation, body: bytes) -> Record:
    """A 2xx body as the output Record; an empty body counts as `{}` (paws-parity.md)."""
    return parse_output(operation.output, _decode(operation, body))


def _decode(operation: Operation, body: bytes) -> Any:
    if not body or body.isspace():
        return {}
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise ResponseParseError(
            f"{operation.name}: the response body is not JSON ({len(body)} bytes)"
        ) from exc


def _describe(error: Exception) -> str:
    """What went wrong, in words that can never hold a token (no messages, no URLs)."""
    if isinstance(error, ServiceError):
        return f"{error.code or 'an unknown error'} (HTTP {error.status_code})"
    return type(error).__name__


# ---- methods generated from the model ----------------------------------------------------------


def _describe_shape(shape: Shape) -> str:
    if shape.type == "list" and shape.member is not None:
        text = f"list of {_describe_shape(shape.member)}"
    elif shape.type == "map" and shape.key is not None and shape.value is not None:
        text = f"map of {_describe_shape(shape.key)} to {_describe_shape(shape.value)}"
    elif shape.type == "structure":
        text = f"structure {{{', '.join(shape.members)}}}"
    else:
        text = shape.type
    if shape.enum:
        text += f", one of {', '.join(shape.enum)}"
    unit = "items" if shape.type == "list" else ("characters" if shape.type == "string" else "")
    if shape.min is not None and shape.max is not None:
        text += f", {shape.min}-{shape.max} {unit}".rstrip()
    elif shape.min is not None:
        text += f", at least {shape.min} {unit}".rstrip()
    elif shape.max is not None:
        text += f", at most {shape.max} {unit}".rstrip()
    if shape.sensitive:
        text += ", secret"
    return text


def _describe_member(member: Member, required: bool) -> str:
    notes = [_describe_shape(member.shape)]
    if required and not member.idempotency_token:
        notes.insert(0, "required")
    if member.idempotency_token:
        notes.append("filled with a UUID4 when left out")
    if member.location == "header":
        notes.append(f"sent as header {member.location_name}")
    elif member.location == "uri":
        notes.append("sent in the URL path")
    elif member.location == "querystring":
        notes.append(f"sent as query parameter {member.location_name}")
    return f"    {member.name}: {'; '.join(notes)}"


def _docstring(operation: Operation) -> str:
    lines = [f"{operation.name}: {operation.http_method} {operation.request_uri}", ""]
    members = operation.input_members
    if members:
        lines.append("Arguments (keyword only; None leaves an argument out):")
        lines.extend(_describe_member(m, m.name in operation.required) for m in members.values())
        lines.append("")
    outputs = operation.output.members if operation.output is not None else {}
    if outputs:
        lines.append(f"Returns a Record with {', '.join(outputs)} (every member, empty when absent).")
    else:
        lines.append("Returns an empty Record.")
    if operation.errors:
        lines.append(f"Raises paws_compat.errors.{', '.join(e.name for e in operation.errors)}.")
    return "\n".join(lines)


_PYTHON_TYPES = {
    "string": "str",
    "timestamp": "str",
    "blob": "bytes",
    "boolean": "bool",
    "integer": "int",
    "long": "int",
    "double": "float",
    "float": "float",
}


def _annotation(shape: Shape) -> str:
    """What a caller may pass for `shape`, as shown by help() (a lone item is fine for a list)."""
    if shape.type == "list" and shape.member is not None:
        item = _annotation(shape.member)
        return f"list[{item}] | tuple[{item}, ...] | {item}"
    if shape.type == "map" and shape.value is not None:
        return f"Mapping[str, {_annotation(shape.value)}]"
    if shape.type == "structure":
        return "Mapping[str, Any]"
    return _PYTHON_TYPES.get(shape.type, "Any")


def _make_method(operation: Operation, class_name: str = "Client") -> Any:
    """A real function whose keyword-only parameters are the operation's input members.

    Keyword-only lets required members keep their model position after optional ones, as in paws.
    """
    names = list(operation.input_members)
    for name in (operation.method_name, *names):
        if not name.isidentifier() or keyword.iskeyword(name):
            raise ValueError(f"model name {name!r} is not a Python identifier")
    # An idempotency token the caller leaves out is filled in, so it never lacks a default.
    members = operation.input_members
    required = {n for n in operation.required if not members[n].idempotency_token}
    params = ", ".join(n if n in required else f"{n}=None" for n in names)
    signature = f"self, *, {params}" if names else "self"
    mapping = ", ".join(f"{n!r}: {n}" for n in names)
    source = f"def {operation.method_name}({signature}):\n    return self._call(_operation, {{{mapping}}})\n"
    # The function's globals: its operation, and the names its annotations use (for get_type_hints).
    namespace: dict[str, Any] = {"_operation": operation, "Mapping": Mapping, "Any": Any, "Record": Record}
    exec(compile(source, f"<paws_compat {operation.name}>", "exec"), namespace)
    function = namespace[operation.method_name]
    function.__annotations__ = {
        name: _annotation(m.shape) if name in required else f"{_annotation(m.shape)} | None"
        for name, m in members.items()
    }
    function.__annotations__["return"] = "Record"
    function.__doc__ = _docstring(operation)
    function.__qualname__ = f"{class_name}.{operation.method_name}"
    function.__module__ = __name__
    return function


class _LazyMethod:
    """Stands in for an operation's method until it is first looked up, then puts the real
    function in its place on the class (so `Client.__dict__` holds plain functions from then on).

    Any lookup makes it: `Client.create_participant_connection`, `svc.create_participant_connection`,
    `inspect.signature`, `help(Client)` (pydoc looks every attribute up). Two threads racing on
    the first lookup both get a working method; the class keeps one of them.
    """

    __slots__ = ("home", "name", "operation")

    def __init__(self, operation: Operation, home: type) -> None:
        self.operation = operation
        self.name = operation.method_name
        self.home = home

    def __get__(self, instance: object, owner: type | None = None) -> Any:
        home = self.home
        function = _make_method(self.operation, home.__name__)
        if home.__dict__.get(self.name) is self:
            setattr(home, self.name, function)
        else:  # another thread made it first: use the class' copy
            function = home.__dict__.get(self.name, function)
        return function if instance is None else function.__get__(instance, owner)


def install_operations(cls: type[Client]) -> None:
    """One lazily made method per operation of `cls.service`'s model."""
    for operation in load_model(cls.service).operations.values():
        setattr(cls, operation.method_name, _LazyMethod(operation, cls))


install_operations(Client)
_logredact.install()

"""One exception hierarchy for everything the client raises, and the reading of error responses.

    PawsCompatError
    ├── ParamValidationError        bad arguments, found before anything is sent
    ├── ConfigError                 bad configuration
    ├── ResponseParseError          a success body that does not fit the model
    ├── ServiceError                the service answered with an error
    │   ├── AccessDeniedException, ValidationException, ... (one per error shape of the models)
    │   └── UnknownServiceError     a code the model does not know (or no code at all)
    └── TransportError              no complete answer came back
        ├── ConnectionError         (also a builtins.ConnectionError)
        ├── ConnectTimeoutError     (also a builtins.TimeoutError)
        └── ReadTimeoutError        (also a builtins.TimeoutError)

Every error has `code`, `message`, `status_code`, `error_response` and `request_id` (None or empty
where they do not apply), so one handler can read any of them. A ServiceError reads as paws'
message: `"<Code> (HTTP <status>). <message>"`.

The per-shape classes are written out (so type checkers and IDEs see them); a test checks that
they are exactly the error shapes of the packaged models.
"""

from __future__ import annotations

import builtins
import json
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any, ClassVar

import attrs

from ._redact import mask

# Statuses worth resending whatever the code says (wire.md): throttled, or a transient server fault.
RETRYABLE_STATUSES = frozenset({429, 500, 502, 503, 504})


class PawsCompatError(Exception):
    """Base of every error this package raises."""

    code: str | None = None
    status_code: int | None = None
    request_id: str | None = None

    def __init__(self, message: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.error_response: dict[str, Any] = {}

    @property
    def retryable(self) -> bool:
        """Whether sending the same request again may succeed."""
        return False

    def __str__(self) -> str:
        return self.message

    def __reduce__(self) -> Any:
        return (_rebuild, (type(self), self.__dict__.copy()))


def _rebuild(cls: type[PawsCompatError], state: dict[str, Any]) -> PawsCompatError:
    error = cls.__new__(cls)
    Exception.__init__(error, state.get("message", ""))
    error.__dict__.update(state)
    return error


@attrs.frozen
class Problem:
    """One thing wrong with the arguments: where, what, and the rule it breaks."""

    path: str
    issue: str
    rule: str = ""

    def __str__(self) -> str:
        where = self.path or "(arguments)"
        return f"{where}: {self.issue}" + (f" ({self.rule})" if self.rule else "")


class UnknownEnumValueWarning(UserWarning):
    """A value the pinned model's enum does not list was sent as given: AWS adds values (say
    WEBRTC_CONNECTION) before a release of ours knows them, and the service is the judge.
    `warnings.simplefilter("error", UnknownEnumValueWarning)` makes such a value a
    ParamValidationError instead, before anything is sent."""


class ParamValidationError(PawsCompatError):
    """The arguments break the model's rules; nothing was sent. `problems` lists every one.

    Also what the service would have answered (paws' condition for it): `status_code` 400 and an
    `error_response` shaped like the ValidationException's body, `{"message": ...}`."""

    status_code = 400

    def __init__(self, problems: list[Problem] | list[str], operation: str | None = None) -> None:
        self.problems: list[Problem] = [p if isinstance(p, Problem) else Problem("", p) for p in problems]
        self.operation = operation
        count = len(self.problems)
        head = f"{count} invalid argument{'s' if count != 1 else ''}"
        if operation:
            head += f" for {operation}"
        super().__init__(head + ":\n" + "\n".join(f"  - {p}" for p in self.problems))
        self.error_response = {"message": self.message}

    def __repr__(self) -> str:
        return f"ParamValidationError({[str(p) for p in self.problems]!r})"


class ConfigError(PawsCompatError):
    """The client's configuration is invalid or incomplete (a bad key, no region, ...)."""


class NoCredentialsError(ConfigError):
    """No AWS credentials anywhere in the chain (boto3's NoCredentialsError, paws' "No compatible
    credentials provided"): raised by the signed Connect client before anything is sent."""


class ResponseParseError(PawsCompatError):
    """A success response whose body is not JSON or does not fit the model's output shape."""


class ServiceError(PawsCompatError):
    """The service answered with an error status. `str()` is paws' message layout."""

    # The model's error code and HTTP status for the per-shape subclasses.
    model_code: ClassVar[str | None] = None
    model_status: ClassVar[int | None] = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # The per-shape classes are named after their error code; the status comes from the model.
        if "model_code" not in cls.__dict__:
            cls.model_code = None if cls.__name__ == "UnknownServiceError" else cls.__name__

    def __init__(
        self,
        message: str = "",
        *,
        code: str | None = None,
        status_code: int | None = None,
        error_response: Mapping[str, Any] | None = None,
        request_id: str | None = None,
    ) -> None:
        super().__init__(message)
        if status_code is None and self.model_code is not None and self.model_status is None:
            _load_statuses()
        self.code = code if code is not None else self.model_code
        self.status_code = status_code if status_code is not None else self.model_status
        self.error_response = dict(error_response) if error_response else {}
        self.request_id = request_id

    @property
    def retryable(self) -> bool:
        return self.status_code in RETRYABLE_STATUSES

    def __str__(self) -> str:
        # When the response named no error type, `code` falls back to the status for programs
        # (wire.md), but the message stays the one paws prints: an empty code before "(HTTP".
        shown = "" if not self.code or self.code == str(self.status_code) else self.code
        return f"{shown} (HTTP {self.status_code}). {self.message}"

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(code={self.code!r}, status_code={self.status_code!r}, "
            f"message={self.message!r}, request_id={self.request_id!r})"
        )


class UnknownServiceError(ServiceError):
    """An error code the model does not list (a newer service, a proxy's page, no code at all)."""


class TransportError(PawsCompatError):
    """No complete HTTP response: the request may or may not have reached the service."""

    @property
    def retryable(self) -> bool:
        return True


class ConnectionError(TransportError, builtins.ConnectionError):
    """Could not connect, or the connection broke before the whole response came back."""

    def __init__(self, message: str = "") -> None:
        TransportError.__init__(self, message)

    def __str__(self) -> str:
        return self.message


class ProxyConnectionError(ConnectionError):
    """The proxy the network policy chose could not be reached (named, its credentials masked).
    Retried like any connection failure, but a chat that never connected fails at once on it: a
    proxy that is not there is configuration, and waiting out start()'s timeout hides the cause."""


class ConnectTimeoutError(TransportError, builtins.TimeoutError):
    """No connection within the connect timeout."""

    def __init__(self, message: str = "") -> None:
        TransportError.__init__(self, message)

    def __str__(self) -> str:
        return self.message


class ReadTimeoutError(TransportError, builtins.TimeoutError):
    """Connected, but the response did not arrive within the read timeout."""

    def __init__(self, message: str = "") -> None:
        TransportError.__init__(self, message)

    def __str__(self) -> str:
        return self.message


# ---- one class per error shape of the packaged models (checked against them by a test) ----------


class AccessDeniedException(ServiceError):
    """403: the token is invalid or expired, or the chat or participant has ended."""


class ConflictException(ServiceError):
    """409: the request conflicts with the resource's state."""


class ContactNotFoundException(ServiceError):
    """410 (Amazon Connect): the contact does not exist or has ended."""


class IdempotencyException(ServiceError):
    """409 (Amazon Connect): a ClientToken was reused with different arguments."""


class InternalServerException(ServiceError):
    """500: the service failed; worth retrying."""


class InternalServiceException(ServiceError):
    """500 (Amazon Connect): the service failed; worth retrying."""


class InvalidActiveRegionException(ServiceError):
    """400 (Amazon Connect): the instance is not active in this region."""


class InvalidParameterException(ServiceError):
    """400 (Amazon Connect): a parameter is not valid."""


class InvalidRequestException(ServiceError):
    """400 (Amazon Connect): the request is not valid."""


class LimitExceededException(ServiceError):
    """429 (Amazon Connect): a limit was exceeded; worth retrying later."""


class ResourceNotFoundException(ServiceError):
    """404: the resource does not exist."""


class ServiceQuotaExceededException(ServiceError):
    """402: a service quota is exceeded."""


class ThrottlingException(ServiceError):
    """429: too many requests; worth retrying later."""


class ValidationException(ServiceError):
    """400: the service rejected the input."""


ERROR_CLASSES: dict[str, type[ServiceError]] = {
    cls.__name__: cls
    for cls in (
        AccessDeniedException,
        ConflictException,
        ContactNotFoundException,
        IdempotencyException,
        InternalServerException,
        InternalServiceException,
        InvalidActiveRegionException,
        InvalidParameterException,
        InvalidRequestException,
        LimitExceededException,
        ResourceNotFoundException,
        ServiceQuotaExceededException,
        ThrottlingException,
        ValidationException,
    )
}

# code -> class, per service, made from the model on first use (not at import: cold start).
_BY_CODE: dict[str, dict[str, type[ServiceError]]] = {}


def error_classes(service: str = "connectparticipant") -> dict[str, type[ServiceError]]:
    """The error classes of `service`'s model, by error code."""
    found = _BY_CODE.get(service)
    if found is None:
        from ._model import load_model

        found = {}
        for code, shape in load_model(service).error_shapes.items():
            cls = ERROR_CLASSES.get(shape.name)
            if cls is None:  # a model newer than this file: still a typed, catchable error
                cls = type(shape.name, (ServiceError,), {"__module__": __name__})
                ERROR_CLASSES[shape.name] = cls
            if cls.model_status is None:
                cls.model_code = code
                cls.model_status = shape.error_status
            found[code] = cls
        _BY_CODE[service] = found
    return found


def _load_statuses() -> None:
    """Give every per-shape class its model status (for errors built by hand, e.g. in tests)."""
    for service in ("connectparticipant", "connect"):
        error_classes(service)


def _header(headers: Any, name: str) -> str | None:
    """A header by name, case-insensitively, from any mapping (or list of pairs)."""
    if headers is None:
        return None
    get = getattr(headers, "get", None)
    if get is not None:
        value = get(name)
        if value is not None:
            return str(value)
        items = headers.items() if hasattr(headers, "items") else ()
    else:
        items = headers
    lowered = name.lower()
    for key, value in items:
        if str(key).lower() == lowered:
            return str(value)
    return None


def _error_code(value: str) -> str:
    """`ns#Code:http://...` -> `Code`: botocore's and wire.md's cuts."""
    return value.split(":", 1)[0].rsplit("#", 1)[-1].strip()


def error_from_response(
    status: int, headers: Any, body: bytes | str | None, *, service: str = "connectparticipant"
) -> ServiceError:
    """The typed error for an HTTP error response, per wire.md.

    Code: the `x-amzn-ErrorType` header cut at `:`, else the body's `code`, else its `__type` (cut at
    `#`), else the HTTP status. Message: the body's `message`, else `Message`, else the status'
    reason phrase (a proxy's HTML page is not repeated). Never raises: any body gives an error.
    """
    decoded: dict[str, Any] = {}
    if body:
        try:
            parsed = json.loads(body)
        except (ValueError, UnicodeDecodeError, RecursionError):
            parsed = None
        if isinstance(parsed, dict):
            decoded = parsed
    code = ""
    header_type = _header(headers, "x-amzn-ErrorType")
    if header_type:
        code = _error_code(header_type)
    if not code:
        for key in ("code", "__type"):
            value = decoded.get(key)
            if isinstance(value, str) and value.strip():
                code = _error_code(value)
                if code:
                    break
    if not code:
        code = str(status)
    message: Any = decoded.get("message")
    if message is None:
        message = decoded.get("Message")
    if message is None:
        try:
            message = HTTPStatus(status).phrase
        except ValueError:
            message = ""
    elif not isinstance(message, str):
        message = json.dumps(message, ensure_ascii=False)
    request_id = _header(headers, "x-amzn-RequestId") or _header(headers, "x-amz-request-id")
    cls = error_classes(service).get(code, UnknownServiceError)
    return cls(
        mask(message),
        code=code,
        status_code=status,
        error_response=decoded,
        request_id=request_id,
    )


__all__ = [
    "ERROR_CLASSES",
    "RETRYABLE_STATUSES",
    "AccessDeniedException",
    "ConfigError",
    "ConflictException",
    "ConnectTimeoutError",
    "ConnectionError",
    "ContactNotFoundException",
    "InternalServerException",
    "InternalServiceException",
    "InvalidActiveRegionException",
    "InvalidParameterException",
    "InvalidRequestException",
    "LimitExceededException",
    "ParamValidationError",
    "PawsCompatError",
    "Problem",
    "ReadTimeoutError",
    "ResourceNotFoundException",
    "ResponseParseError",
    "ServiceError",
    "ServiceQuotaExceededException",
    "ThrottlingException",
    "TransportError",
    "UnknownEnumValueWarning",
    "UnknownServiceError",
    "ValidationException",
    "error_classes",
    "error_from_response",
]

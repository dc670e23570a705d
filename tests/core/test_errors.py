"""The exception hierarchy and the reading of error responses (wire.md's rules, paws' message)."""

from __future__ import annotations

import builtins
import copy
import json
import pickle
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import paws_compat.errors as public
from paws_compat import _errors
from paws_compat._errors import ERROR_CLASSES, error_classes, error_from_response
from paws_compat._model import load_model
from paws_compat._redact import mask, mask_headers, mask_url
from paws_compat.errors import (
    AccessDeniedException,
    ConfigError,
    ConnectionError,
    ConnectTimeoutError,
    InternalServerException,
    ParamValidationError,
    PawsCompatError,
    Problem,
    ReadTimeoutError,
    ResourceNotFoundException,
    ResponseParseError,
    ServiceError,
    ThrottlingException,
    TransportError,
    UnknownServiceError,
    ValidationException,
)
from tests.core.conftest import CANARY

SERVICES = ("connectparticipant", "connect")
MODEL_ERROR_SHAPES = {
    shape.name: shape for service in SERVICES for shape in load_model(service).error_shapes.values()
}
JSON = {"Content-Type": "application/json"}


# ---- the hierarchy ------------------------------------------------------------------------------


def test_one_class_per_model_error_shape_and_no_other() -> None:
    assert set(ERROR_CLASSES) == set(MODEL_ERROR_SHAPES)
    for name, shape in MODEL_ERROR_SHAPES.items():
        cls = getattr(public, name)
        assert cls is ERROR_CLASSES[name]
        assert issubclass(cls, ServiceError)
        error = cls("m")
        assert (error.code, error.status_code) == (shape.error_code, shape.error_status)
        assert str(error) == f"{shape.error_code} (HTTP {shape.error_status}). m"
    assert set(public.__all__) >= set(MODEL_ERROR_SHAPES)


@pytest.mark.parametrize("service", SERVICES)
def test_error_classes_by_code_follow_the_model(service: str) -> None:
    classes = error_classes(service)
    assert set(classes) == set(load_model(service).error_shapes)
    for code, cls in classes.items():
        assert cls.model_code == code


def test_every_error_shares_the_base_and_the_fields() -> None:
    errors: list[PawsCompatError] = [
        ParamValidationError([Problem("Type", "is missing", "required")]),
        ConfigError("bad"),
        ResponseParseError("odd"),
        ConnectionError("refused"),
        ConnectTimeoutError("slow"),
        ReadTimeoutError("slower"),
        UnknownServiceError("x", code="X", status_code=418),
        AccessDeniedException("no"),
    ]
    for error in errors:
        assert isinstance(error, PawsCompatError)
        # One handler can read these on any error.
        for name in ("code", "message", "status_code", "error_response", "request_id"):
            getattr(error, name)
    transport = errors[3:6]
    for error in transport:
        assert isinstance(error, TransportError)
        assert (error.code, error.status_code, error.error_response, error.request_id) == (
            None,
            None,
            {},
            None,
        )
        assert error.retryable
    assert isinstance(errors[3], builtins.ConnectionError)
    assert isinstance(errors[4], builtins.TimeoutError)
    assert isinstance(errors[5], builtins.TimeoutError)
    assert str(errors[3]) == "refused"


@pytest.mark.parametrize(
    ("status", "retryable"),
    [(400, False), (402, False), (403, False), (404, False), (409, False), (429, True), (500, True),
     (502, True), (503, True), (504, True)],
)  # fmt: skip
def test_retryable_by_status(status: int, retryable: bool) -> None:
    assert error_from_response(status, {}, b"").retryable is retryable
    assert not ValidationException("x").retryable
    assert ThrottlingException("x").retryable and InternalServerException("x").retryable


def test_errors_survive_pickle_and_copy() -> None:
    error = error_from_response(
        403, {"x-amzn-ErrorType": "AccessDeniedException", "x-amzn-RequestId": "r1"}, b'{"message": "no"}'
    )
    for clone in (pickle.loads(pickle.dumps(error)), copy.copy(error)):
        assert type(clone) is AccessDeniedException
        assert (clone.code, clone.status_code, clone.message, clone.request_id) == (
            "AccessDeniedException",
            403,
            "no",
            "r1",
        )
        assert clone.error_response == {"message": "no"}
        assert str(clone) == str(error)
    problems = ParamValidationError([Problem("A", "is missing", "required")], "Op")
    assert pickle.loads(pickle.dumps(problems)).problems == problems.problems
    assert str(pickle.loads(pickle.dumps(ConnectionError("gone")))) == "gone"


# ---- error_from_response per wire.md ------------------------------------------------------------


def test_code_from_header_cut_at_colon_wins_over_body() -> None:
    error = error_from_response(
        403,
        {
            "x-amzn-ErrorType": "AccessDeniedException:http://internal.amazon.com/coral/",
            "x-amzn-RequestId": "id",
        },
        b'{"__type": "ValidationException", "code": "ThrottlingException", "message": "denied"}',
    )
    assert type(error) is AccessDeniedException
    assert error.code == "AccessDeniedException"
    assert error.request_id == "id"
    assert str(error) == "AccessDeniedException (HTTP 403). denied"


def test_header_names_are_case_insensitive() -> None:
    error = error_from_response(
        404, [("X-AMZN-ERRORTYPE", "ResourceNotFoundException"), ("X-Amzn-RequestID", "r")], b""
    )
    assert type(error) is ResourceNotFoundException
    assert error.request_id == "r"


def test_code_from_body_code_then_namespaced_type() -> None:
    error = error_from_response(429, {}, b'{"code": "ThrottlingException", "message": "slow"}')
    assert type(error) is ThrottlingException
    namespaced = b'{"__type": "com.amazonaws.connectparticipant#AccessDeniedException", "Message": "ended"}'
    error = error_from_response(403, JSON, namespaced)
    assert type(error) is AccessDeniedException
    assert str(error) == "AccessDeniedException (HTTP 403). ended"
    assert error.error_response == json.loads(namespaced)


def test_lowercase_message_preferred_and_non_string_messages_kept_readable() -> None:
    error = error_from_response(
        400, {}, b'{"code": "ValidationException", "message": "lower", "Message": "upper"}'
    )
    assert error.message == "lower"
    error = error_from_response(400, {}, b'{"code": "ValidationException", "message": {"why": 1}}')
    assert error.message == '{"why": 1}'


def test_no_code_anywhere_falls_back_to_the_status() -> None:
    error = error_from_response(
        503, {"Content-Type": "text/html"}, b"<html><body>Service Unavailable</body></html>"
    )
    assert type(error) is UnknownServiceError
    assert (error.code, error.status_code, error.error_response) == ("503", 503, {})
    assert str(error) == " (HTTP 503). Service Unavailable"  # paws' message: no code shown
    assert error.retryable


@pytest.mark.parametrize(
    "body", [b"", b"   ", b"[1, 2]", b'"text"', b"null", b"{", b"\xff\xfe", b"<html>", b"[" * 100000]
)
def test_odd_bodies_still_give_a_clean_typed_error(body: bytes) -> None:
    error = error_from_response(502, {"x-amzn-ErrorType": "InternalServerException"}, body)
    assert type(error) is InternalServerException
    assert error.error_response == {}
    assert error.message == "Bad Gateway"
    assert str(error) == "InternalServerException (HTTP 502). Bad Gateway"


def test_unknown_codes_and_codes_of_the_other_model() -> None:
    error = error_from_response(418, {"x-amzn-ErrorType": "BrandNewException"}, b'{"message": "new"}')
    assert type(error) is UnknownServiceError
    assert error.code == "BrandNewException"
    assert str(error) == "BrandNewException (HTTP 418). new"
    # A Connect-only code is unknown to the participant service, and known to Connect.
    headers = {"x-amzn-ErrorType": "ContactNotFoundException"}
    assert type(error_from_response(410, headers, b"{}")) is UnknownServiceError
    assert (
        type(error_from_response(410, headers, b"{}", service="connect")) is public.ContactNotFoundException
    )


def test_unknown_status_without_a_reason_phrase() -> None:
    error = error_from_response(599, {}, b"")
    assert str(error) == " (HTTP 599). "


def test_secrets_in_error_messages_are_masked() -> None:
    body = json.dumps(
        {"message": f"bad url wss://x/connect?AuthToken={CANARY} for ConnectionToken: {CANARY}"}
    )
    error = error_from_response(400, {"x-amzn-ErrorType": "ValidationException"}, body.encode())
    for text in (str(error), repr(error), error.message):
        assert CANARY not in text
    assert "AuthToken=***" in str(error)


ERROR_KEYS = st.sampled_from(["code", "__type", "message", "Message", "x"])
ERROR_BODIES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda c: st.lists(c, max_size=3) | st.dictionaries(ERROR_KEYS, c, max_size=4),
    max_leaves=10,
).map(lambda v: json.dumps(v).encode())
HEADER_NAMES = st.sampled_from(["x-amzn-ErrorType", "x-amzn-RequestId", "Content-Type", "X-AMZN-ERRORTYPE"])


@settings(max_examples=200, deadline=None)
@given(
    status=st.integers(min_value=300, max_value=599),
    headers=st.dictionaries(HEADER_NAMES, st.text(max_size=40), max_size=3),
    body=st.one_of(st.binary(max_size=80), ERROR_BODIES),
)
def test_any_error_response_gives_a_service_error(status: int, headers: dict[str, str], body: bytes) -> None:
    error = error_from_response(status, headers, body)
    assert isinstance(error, ServiceError)
    assert error.status_code == status
    assert error.code
    assert isinstance(error.message, str)
    assert isinstance(error.error_response, dict)
    shown = "" if error.code == str(status) else error.code
    assert str(error) == f"{shown} (HTTP {status}). {error.message}"


# ---- ParamValidationError -----------------------------------------------------------------------


def test_param_validation_error_lists_every_problem() -> None:
    problems = [
        Problem("Type[0]", "is not an allowed value", "must be one of A, B"),
        Problem("X", "is missing"),
    ]
    error = ParamValidationError(problems, "CreateParticipantConnection")
    assert error.problems == problems
    assert str(error) == (
        "2 invalid arguments for CreateParticipantConnection:\n"
        "  - Type[0]: is not an allowed value (must be one of A, B)\n"
        "  - X: is missing"
    )
    assert ParamValidationError(["plain text"]).problems == [Problem("", "plain text")]
    assert "1 invalid argument:" in str(ParamValidationError(["plain text"]))


# ---- redaction ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        (f"wss://h/connect?AuthToken={CANARY}", "wss://h/connect?AuthToken=***"),
        (f"wss://h/connect?a=1&AuthToken={CANARY}&b=2", "wss://h/connect?a=1&AuthToken=***&b=2"),
        (
            f"https://s3/f?X-Amz-Security-Token={CANARY}&X-Amz-Signature={CANARY}&X-Amz-Credential={CANARY}",
            "https://s3/f?X-Amz-Security-Token=***&X-Amz-Signature=***&X-Amz-Credential=***",
        ),
        ("https://h/path?plain=1", "https://h/path?plain=1"),
        ("no url at all", "no url at all"),
    ],
)
def test_mask_url(text: str, shown: str) -> None:
    assert mask_url(text) == shown
    assert mask(text) == shown


@pytest.mark.parametrize(
    "text",
    [
        f'{{"ConnectionToken": "{CANARY}"}}',
        f"X-Amz-Bearer: {CANARY}",
        f"ParticipantToken={CANARY}",
        f"{{'JoinToken': '{CANARY}'}}",
        f"authorization: {CANARY}",
    ],
)
def test_mask_named_tokens(text: str) -> None:
    assert CANARY not in mask(text)
    assert "***" in mask(text)


def test_mask_headers() -> None:
    shown = mask_headers({"X-Amz-Bearer": CANARY, "Content-Type": "application/json"})
    assert shown == {"X-Amz-Bearer": "***", "Content-Type": "application/json"}


def test_repr_of_errors_module_names() -> None:
    # Classes keep the private module; the public one re-exports the very same objects.
    assert public.ServiceError is _errors.ServiceError
    values: dict[str, Any] = vars(public)
    assert all(values[name] is getattr(_errors, name) for name in public.__all__)

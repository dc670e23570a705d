"""The one Python entry point the R front-ends call: create a client, call an operation.

Both R transports use it (reticulate in the R package, rpy2 in `python -m r_bridge.run`), so the
R side holds no client logic. A result crosses to R as compact JSON of its present members: R
rebuilds the paws shape from the model, which is faster than converting a Record leaf by leaf
across reticulate and keeps every R type exact. Errors come back as values, not exceptions, so
R can raise paws' condition the same way under every reticulate version.
"""

from __future__ import annotations

import ast
import json
import math
import re
from collections.abc import Mapping
from typing import Any

from paws_compat._model import Shape, load_model, model_path
from paws_compat._redact import mask

# The first item of every reply: what the second one holds.
OK = 0  # JSON of the result's present members
SERVICE_ERROR = 1  # JSON: class, code, message, status_code, error_response
VALIDATION_ERROR = 2  # JSON: class, message, status_code
OTHER_ERROR = 3  # JSON: class, message (transport, config, parse errors)

__all__ = [
    "CHAT_METHODS",
    "OK",
    "OTHER_ERROR",
    "SERVICE_ERROR",
    "VALIDATION_ERROR",
    "call",
    "chat_call",
    "chat_start",
    "coerce_input",
    "error_reply",
    "model_file",
    "new_client",
    "plain",
    "r_config_message",
    "r_issue",
    "r_value",
    "record_reply",
    "secret_names",
]


SERVICES = ("connectparticipant", "connect")


def _service(name: Any) -> str:
    if name is None or name == "":
        return "connectparticipant"
    if name not in SERVICES:
        raise ValueError(f"not a service of paws-compat: {name!r}")
    return str(name)


def model_file(service: Any = None) -> str:
    """The model JSON the R side reads for formals and result types (the client's own)."""
    return model_path(_service(service))


def secret_names() -> str:
    """What R hides in a call it shows, as JSON: `settings`, the arguments and credential fields
    holding credentials (paws_compat's list), and `words`, what the name of any argument carrying
    a token holds (the model's secret stamp)."""
    from paws_compat._connect.credentials import secret_settings
    from paws_compat._redact import secret_words

    return json.dumps({"settings": list(secret_settings()), "words": sorted(secret_words())})


def _mapping_or_none(value: Any) -> Any:
    # R's list() arrives as [] through reticulate: paws' "no config" means None here.
    if value is None or (isinstance(value, list | tuple) and len(value) == 0):
        return None
    return value


def new_client(
    config: Any = None,
    credentials: Any = None,
    endpoint: Any = None,
    region: Any = None,
    service: Any = None,
) -> tuple[int, Any]:
    """(OK, client) or (error kind, JSON): a bad config is an R error, not a Python traceback."""
    import paws_compat
    from paws_compat.errors import PawsCompatError

    factory = paws_compat.connect if _service(service) == "connect" else paws_compat.connectparticipant
    try:
        client = factory(
            config=_mapping_or_none(config),
            credentials=_mapping_or_none(credentials),
            endpoint=endpoint,
            region=region,
        )
    except PawsCompatError as exc:
        return _error_reply(exc, r_words=True)
    return OK, client


def coerce_input(shape: Shape | None, value: Any) -> Any:
    """R numbers arrive as floats: 10.0 for an integer member means 10. Nothing else changes."""
    if shape is None or value is None:
        return value
    kind = shape.type
    if kind in ("integer", "long"):
        if isinstance(value, float) and math.isfinite(value) and value.is_integer():
            return int(value)
        return value
    if kind == "structure" and isinstance(value, Mapping):
        return {
            k: coerce_input(shape.members[k].shape if k in shape.members else None, v)
            for k, v in value.items()
        }
    if kind == "list" and isinstance(value, list | tuple):
        return [coerce_input(shape.member, v) for v in value]
    if kind == "map" and isinstance(value, Mapping):
        return {k: coerce_input(shape.value, v) for k, v in value.items()}
    return value


def call(client: Any, method_name: str, kwargs: Any) -> tuple[int, str]:
    """Call one operation; the reply is (kind, JSON) as described at the top of this module."""
    from paws_compat.errors import PawsCompatError

    operation = load_model(getattr(client, "service", "connectparticipant")).operation_by_method(method_name)
    args = kwargs if isinstance(kwargs, Mapping) else {}
    args = coerce_input(operation.input, args) if operation.input is not None else dict(args)
    try:
        result = getattr(client, method_name)(**args)
    except PawsCompatError as exc:
        return _error_reply(exc)
    return OK, json.dumps(plain(result), ensure_ascii=False, separators=(",", ":"))


def plain(value: Any) -> Any:
    """A result as plain JSON types, present members only (typed empties have length 0)."""
    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict):
        return to_dict()
    if isinstance(value, Mapping):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def _fault_reply(exc: BaseException) -> tuple[int, str]:
    """A Python exception that is not one of paws_compat's, as one of paws_compat's classes: a bad
    argument (TypeError, ValueError) as a validation error, anything else (a file that cannot be
    read, a socket fault) as a chat session error. Its text is masked: it could quote a token."""
    bad_argument = isinstance(exc, TypeError | ValueError)
    chain = ["ParamValidationError" if bad_argument else "ChatSessionError", "PawsCompatError"]
    text = mask(str(exc)) or type(exc).__name__
    if not bad_argument:
        text = f"{type(exc).__name__}: {text}"
    payload = {"class": chain[0], "classes": chain, "message": text}
    return (VALIDATION_ERROR if bad_argument else OTHER_ERROR), json.dumps(payload, ensure_ascii=False)


def _error_reply(exc: BaseException, r_words: bool = False) -> tuple[int, str]:
    from paws_compat.errors import ConfigError, ParamValidationError, PawsCompatError, ServiceError

    # The class chain lets R add one class per Python class (most specific first).
    chain = [c.__name__ for c in type(exc).__mro__ if isinstance(c, type) and issubclass(c, PawsCompatError)]
    payload: dict[str, Any] = {"class": type(exc).__name__, "classes": chain, "message": str(exc)}
    if isinstance(exc, ServiceError):
        payload["code"] = exc.code
        payload["status_code"] = exc.status_code
        payload["error_response"] = exc.error_response if exc.error_response is not None else {}
        kind = SERVICE_ERROR
    elif isinstance(exc, ParamValidationError):
        # R builds error_response from the message in its own words (conditions.R).
        payload["message"] = r_validation_message(exc)
        payload["status_code"] = exc.status_code
        kind = VALIDATION_ERROR
    else:
        kind = OTHER_ERROR
        if r_words and isinstance(exc, ConfigError):
            payload["message"] = r_config_message(str(exc))
    return kind, json.dumps(payload, ensure_ascii=False, default=str)


# What an R chat session may call on paws_compat.chat.ChatSession (nothing private, nothing else).
CHAT_METHODS = frozenset(
    {
        "poll",
        "send_message",
        "send_event",
        "send_typing",
        "send_read_receipt",
        "send_delivered_receipt",
        "send_attachment",
        "get_attachment",
        "transcript",
        "transcript_all",
        "disconnect",
        "close",
        "state",
        "ended",  # read-only properties
    }
)


def chat_start(
    client: Any,
    participant_token: str,
    connect_participant: Any = True,
    timeout: float = 30.0,
    overrides: Any = None,
) -> tuple[int, Any]:
    """(OK, a started ChatSession) or (error kind, JSON): joining a chat from R."""
    from paws_compat.chat import ChatSession
    from paws_compat.errors import PawsCompatError

    options = dict(overrides) if isinstance(overrides, Mapping) else {}
    try:
        session = ChatSession(client, participant_token, bool(connect_participant), **options)
        session.start(timeout=float(timeout))
    except PawsCompatError as exc:
        return _error_reply(exc)
    except Exception as exc:  # a bad option, or a fault outside paws_compat's own errors
        return _fault_reply(exc)
    return OK, session


def chat_call(session: Any, method: str, args: Any) -> tuple[int, str, str]:
    """Call a ChatSession method: (kind, JSON, shape) where shape names the model shape of the
    result ("" when plain JSON, "[]Name" for a list of that shape) so that R rebuilds it."""
    from paws_compat.errors import PawsCompatError

    if method not in CHAT_METHODS:
        raise ValueError(f"not a chat session method: {method}")
    kwargs = dict(args) if isinstance(args, Mapping) else {}
    if method == "state":
        return OK, json.dumps(session.state.value), ""
    if method == "ended":
        return OK, json.dumps(bool(session.ended)), ""
    try:
        result = getattr(session, method)(**kwargs)
    except PawsCompatError as exc:
        kind, text = _error_reply(exc)
        return kind, text, ""
    except Exception as exc:  # never a raw Python exception across the bridge
        kind, text = _fault_reply(exc)
        return kind, text, ""
    shape = ""
    if isinstance(result, list | tuple):
        shapes = {getattr(getattr(r, "shape", None), "name", "") for r in result}
        if len(shapes) == 1 and "" not in shapes:
            shape = "[]" + shapes.pop()
    elif getattr(result, "shape", None) is not None:
        shape = result.shape.name
    return OK, json.dumps(plain(result), ensure_ascii=False, separators=(",", ":")), shape


# The validator speaks Python; an R caller reads R's words and 1-based [[i]] indices. A value
# crossing from R is a list when it was a vector of length > 1 or a list (reticulate cannot tell
# which), a bytearray when it was a raw vector, a float when it was numeric.
_R_WORDS = (
    ("must be True or False", "must be TRUE or FALSE"),
    ("must be a dict of members", "must be a named list of members"),
    ("must be a dict", "must be a named list"),
    ("must be a list (or tuple)", "must be a list or a vector"),
    ("must be bytes or a base64 string", "must be a raw vector or a base64 string"),
    ("(datetime, ISO-8601 string or epoch seconds)", "(POSIXct, ISO-8601 string or epoch seconds)"),
    ("is None", "is NULL"),
    ("cannot be None", "cannot be NULL"),
)
# Whole issues ("is <kind>") in R's words.
_R_ISSUES: tuple[tuple[str, str], ...] = (
    (r"is a list of 1 items?", "is a list of length 1"),
    (r"is a list of (\d+) items", r"is a vector or list of length \1"),
    (r"is a bool", "is a logical value (TRUE or FALSE)"),
    (r"is a dict", "is a named list"),
    (r"is a (?:bytearray|bytes|memoryview)", "is a raw vector"),
    (r"is inf", "is Inf"),
    (r"is -inf", "is -Inf"),
    (r"is nan", "is NaN"),
    (r"is (-?\d+)\.0", r"is \1"),
    (r"is a datetime", "is a POSIXct date-time"),
    (r"is a date", "is a Date"),
    (r"is a complex", "is a complex number"),
)


def r_issue(issue: str) -> str:
    """One validation issue ("is a bool") in R's words ("is a logical value (TRUE or FALSE)")."""
    for pattern, replacement in _R_ISSUES:
        if re.fullmatch(pattern, issue):
            return re.sub(pattern, replacement, issue)
    return issue


def r_value(value: Any) -> str:
    """A Python value from R, written as R would write it: `c("a", "b")`, `-1`, `TRUE`, `NULL`."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            return "NaN" if math.isnan(value) else ("Inf" if value > 0 else "-Inf")
        if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, Mapping):
        if not value:
            return "list()"
        return "list(" + ", ".join(f"{k} = {r_value(v)}" for k, v in value.items()) + ")"
    if isinstance(value, list | tuple):
        if not value:
            return "list()"
        if all(isinstance(v, str | bool | int | float) for v in value):
            return "c(" + ", ".join(r_value(v) for v in value) + ")"
        return "list(" + ", ".join(r_value(v) for v in value) + ")"
    return type(value).__name__


# Config errors name Python types ("not list") and values ("not -1.0", "not ['a', 'b']").
_R_TYPE_NAMES = {
    "list": "an unnamed list or a vector of length > 1",
    "tuple": "an unnamed list or a vector of length > 1",
    "str": "a character string",
    "int": "a number",
    "float": "a number",
    "bool": "a logical value",
    "dict": "a named list",
    "bytearray": "a raw vector",
    "bytes": "a raw vector",
    "NoneType": "NULL",
}
_R_CONFIG_WORDS = (
    ("must be a dict or a paws_compat.Config", "must be a named list"),
    ("must be TRUE/FALSE (a bool)", "must be TRUE or FALSE"),
    ("must be a dict (as paws' list) or None", "must be a named list or NULL"),
    ("or None", "or NULL"),
)


def r_config_message(message: str) -> str:
    """A ConfigError's message in R's words: R types and R-written values after "not"."""
    for python_words, r_words in _R_CONFIG_WORDS:
        message = message.replace(python_words, r_words)
    head, sep, shown = message.rpartition(", not ")
    if not sep:
        return message
    if shown in _R_TYPE_NAMES:
        return f"{head}, not {_R_TYPE_NAMES[shown]}"
    if shown in ("inf", "-inf", "nan"):
        return f"{head}, not {r_value(float(shown))}"
    try:
        value = ast.literal_eval(shown)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return message
    return f"{head}, not {r_value(value)}"


def _r_path(path: str) -> str:
    path = re.sub(r"\[(\d+)\]", lambda m: f"[[{int(m.group(1)) + 1}]]", path)
    return path.replace(".", "$")


def r_validation_message(exc: Any) -> str:
    """A ParamValidationError's message in R's terms: same layout, R words and paths."""
    problems = getattr(exc, "problems", None)
    if not problems:
        return str(exc)
    lines = []
    for problem in problems:
        issue, rule = r_issue(str(problem.issue)), str(problem.rule)
        for python_word, r_word in _R_WORDS:
            issue, rule = issue.replace(python_word, r_word), rule.replace(python_word, r_word)
        where = _r_path(str(problem.path)) or "(arguments)"
        lines.append(f"  - {where}: {issue}" + (f" ({rule})" if rule else ""))
    count = len(lines)
    head = f"{count} invalid argument{'s' if count != 1 else ''}"
    if getattr(exc, "operation", None):
        head += f" for {exc.operation}"
    return head + ":\n" + "\n".join(lines)


def record_reply(record: Any) -> tuple[str, str, str]:
    """A Record that reached R by reticulate: (its model file, its shape, JSON of its members)."""
    shape = getattr(record, "shape", None)
    name = getattr(shape, "name", None)
    for service in SERVICES:
        if name is not None and load_model(service).shapes.get(name) is shape:
            assert shape is not None
            return model_path(service), name, json.dumps(plain(record), ensure_ascii=False)
    raise ValueError("not a result of paws_compat's models")


def error_reply(exc: BaseException) -> tuple[int, str]:
    """A paws_compat exception that reached R by reticulate: (kind, JSON) as for a call."""
    return _error_reply(exc)

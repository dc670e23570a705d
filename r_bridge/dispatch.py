"""The one Python entry point the R front-ends call: create a client, call an operation.

Both R transports use it (reticulate in the R package, rpy2 in `python -m r_bridge.run`), so the
R side holds no client logic. A result crosses to R as compact JSON of its present members: R
rebuilds the paws shape from the model, which is faster than converting a Record leaf by leaf
across reticulate and keeps every R type exact. Errors come back as values, not exceptions, so
R can raise paws' condition the same way under every reticulate version.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from typing import Any

from paws_compat._model import Shape, load_model, model_path

# The first item of every reply: what the second one holds.
OK = 0  # JSON of the result's present members
SERVICE_ERROR = 1  # JSON: class, code, message, status_code, error_response
VALIDATION_ERROR = 2  # JSON: class, message
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
    "model_file",
    "new_client",
    "plain",
]


def model_file() -> str:
    """The model JSON the R side reads for formals and result types (the client's own)."""
    return model_path("connectparticipant")


def _mapping_or_none(value: Any) -> Any:
    # R's list() arrives as [] through reticulate: paws' "no config" means None here.
    if value is None or (isinstance(value, list | tuple) and len(value) == 0):
        return None
    return value


def new_client(
    config: Any = None, credentials: Any = None, endpoint: Any = None, region: Any = None
) -> tuple[int, Any]:
    """(OK, client) or (error kind, JSON): a bad config is an R error, not a Python traceback."""
    import paws_compat
    from paws_compat.errors import PawsCompatError

    try:
        client = paws_compat.connectparticipant(
            config=_mapping_or_none(config),
            credentials=_mapping_or_none(credentials),
            endpoint=endpoint,
            region=region,
        )
    except PawsCompatError as exc:
        return _error_reply(exc)
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

    operation = load_model("connectparticipant").operation_by_method(method_name)
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


def _error_reply(exc: BaseException) -> tuple[int, str]:
    from paws_compat.errors import ParamValidationError, PawsCompatError, ServiceError

    # The class chain lets R add one class per Python class (most specific first).
    chain = [c.__name__ for c in type(exc).__mro__ if isinstance(c, type) and issubclass(c, PawsCompatError)]
    payload: dict[str, Any] = {"class": type(exc).__name__, "classes": chain, "message": str(exc)}
    if isinstance(exc, ServiceError):
        payload["code"] = exc.code
        payload["status_code"] = exc.status_code
        payload["error_response"] = exc.error_response if exc.error_response is not None else {}
        kind = SERVICE_ERROR
    elif isinstance(exc, ParamValidationError):
        payload["message"] = r_validation_message(exc)
        kind = VALIDATION_ERROR
    else:
        kind = OTHER_ERROR
    return kind, json.dumps(payload, ensure_ascii=False, default=str)


# What an R chat session may call on paws_compat.chat.ChatSession (nothing private, nothing else).
CHAT_METHODS = frozenset({
    "poll", "send_message", "send_event", "send_typing", "send_read_receipt", "send_delivered_receipt",
    "send_attachment", "get_attachment", "transcript", "transcript_all", "disconnect", "close",
    "state", "ended",  # read-only properties
})


def chat_start(
    client: Any, participant_token: str, connect_participant: Any = True, timeout: float = 30.0,
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
    except (TypeError, ValueError) as exc:  # a bad option: say so as a validation error
        name = "ParamValidationError"
        return VALIDATION_ERROR, json.dumps({"class": name, "classes": [name], "message": str(exc)})
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
    shape = ""
    if isinstance(result, list | tuple):
        shapes = {getattr(getattr(r, "shape", None), "name", "") for r in result}
        if len(shapes) == 1 and "" not in shapes:
            shape = "[]" + shapes.pop()
    elif getattr(result, "shape", None) is not None:
        shape = result.shape.name
    return OK, json.dumps(plain(result), ensure_ascii=False, separators=(",", ":")), shape


# The validator speaks Python; an R caller reads R's words and 1-based [[i]] indices.
_R_WORDS = (
    ("must be True or False", "must be TRUE or FALSE"),
    ("must be a dict of members", "must be a named list of members"),
    ("must be a dict", "must be a named list"),
    ("must be a list (or tuple)", "must be a list or a vector"),
    ("is None", "is NULL"),
    ("cannot be None", "cannot be NULL"),
)


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
        issue, rule = str(problem.issue), str(problem.rule)
        for python_word, r_word in _R_WORDS:
            issue, rule = issue.replace(python_word, r_word), rule.replace(python_word, r_word)
        where = _r_path(str(problem.path)) or "(arguments)"
        lines.append(f"  - {where}: {issue}" + (f" ({rule})" if rule else ""))
    count = len(lines)
    head = f"{count} invalid argument{'s' if count != 1 else ''}"
    if getattr(exc, "operation", None):
        head += f" for {exc.operation}"
    return head + ":\n" + "\n".join(lines)

"""tryCatch, try and stop: R's condition classes as tests on paws_compat's exceptions.

A paws condition's classes are tests on our exceptions: `paws_error`/`http_error` is
`ServiceError` or `ParamValidationError` (found before sending, status 400), `http_403` its
status, `http_400` the status class, `error` any exception,
`paws_compat_<name>` our own classes (`paws_compat_transport_error`: `TransportError`)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import attrs

from paws_compat._model import snake_case

from . import expressions, functions, scopes, signals, statements
from .emit import (
    Py,
    atom,
    bracketed,
    call,
    layout,
    py_string,
)
from .result import Unsupported
from .tree import Node
from .vocabulary import (
    DISCARD,
    Tail,
)

if TYPE_CHECKING:
    from .porter import Porter


@attrs.frozen
class Handler:
    classes: str  # an exception class expression
    predicate: str | None  # extra test on the caught exception, e.g. `e.status_code == 403`
    param: str
    body: Node | None  # the handler function's body, or None for a handler given by name
    function: Py | None = None
    signals: tuple[str, ...] = ()  # the classes of signalled conditions (not errors) it takes


def error_class_names() -> dict[str, str]:
    """R condition classes of our own errors (`paws_compat_transport_error`) -> Python class names."""
    try:
        from paws_compat import errors
    except ImportError:
        return {}
    found = {"paws_compat_error": "PawsCompatError"}
    for name in dir(errors):
        obj = getattr(errors, name)
        # A service error reaches R as paws' condition (paws_error, http_4xx), never with a
        # paws_compat_* class: a handler for one of those never takes it there.
        if (
            isinstance(obj, type)
            and issubclass(obj, BaseException)
            and not issubclass(obj, errors.ServiceError)
        ):
            snake = snake_case(name)
            found[snake if snake.startswith("paws_compat") else f"paws_compat_{snake}"] = name
    return found


def try_catch(
    porter: Porter, node: Node, args: list[tuple[str | None, Node]], indent: int, tail: Tail
) -> list[str]:
    pad = " " * indent
    body: Node | None = None
    final: Node | None = None
    handlers: list[Handler] = []
    for key, value in args:
        if key is None or key == "expr":
            if body is not None:
                raise Unsupported(node, "tryCatch() with two expressions")
            body = value
        elif key == "finally":
            final = value
        else:
            handlers.append(handler_of(porter, node, key, value))
    if any(h.signals for h in handlers) and any(h.predicate for h in handlers):
        raise Unsupported(node, "tryCatch() with both warning and http_ status handlers")
    lines = [f"{pad}try:"]
    # Warnings and messages reach a tryCatch's handler only where it is established.
    signalled = sorted({c for h in handlers for c in h.signals})
    inner = indent + 4
    if signalled:
        porter.runtime.add("catching")
        lines.append(f"{pad}    with catching({', '.join(py_string(c) for c in signalled)}):")
        inner += 4
    where = signals.DO_TRY_CATCH if handlers else signals.TRY_CATCH_LIST
    with signals.frame(porter, py_string(where)):
        lines.extend(
            statements.body_lines(porter, body, inner, tail) if body is not None else [" " * inner + "pass"]
        )
    with signals.frame(porter, py_string(signals.HANDLER_CALL)):
        lines.extend(except_clauses(porter, handlers, indent, tail))
    if final is not None:
        lines.append(f"{pad}finally:")
        with signals.frame(porter, signals.r_text(signals.full_text(porter, node))):
            lines.extend(statements.body_lines(porter, final, indent + 4, DISCARD))
    if not handlers and final is None:
        lines.extend([f"{pad}finally:", f"{pad}    pass"])
    return lines


def handler_of(porter: Porter, node: Node, condition_class: str, value: Node) -> Handler:
    classes, predicate = condition_test(porter, node, condition_class, "{e}")
    taken = SIGNALLED.get(condition_class, ())
    vkids = value.kids
    if vkids and vkids[0].token in ("FUNCTION", "'\\\\'"):
        params, body = functions.function_parts(porter, value)
        if len(params) != 1:
            raise Unsupported(value, "a condition handler with other than one argument")
        return Handler(classes, predicate, params[0][0], body, signals=taken)
    return Handler(classes, predicate, "e", None, expressions.expr(porter, value), signals=taken)


# R condition classes that are signalled (warnings, messages) and the runtime's class for each.
SIGNALLED = {
    "warning": ("warning",),
    "simpleWarning": ("warning",),
    "message": ("message",),
    "simpleMessage": ("message",),
    "condition": ("condition",),
}
RUNTIME_CLASSES = {
    "warning": "RWarning",
    "simpleWarning": "RWarning",
    "message": "RMessage",
    "simpleMessage": "RMessage",
    "try-error": "TryError",
}


def condition_test(porter: Porter, node: Node, condition_class: str, var: str) -> tuple[str, str | None]:
    """A paws condition class as (Python exception class, extra test on `var`)."""
    if condition_class in ("error", "simpleError"):
        return "Exception", None
    if condition_class == "condition":
        porter.runtime.add("RCondition")
        return "(Exception, RCondition)", None
    if condition_class in RUNTIME_CLASSES:
        porter.runtime.add(RUNTIME_CLASSES[condition_class])
        return RUNTIME_CLASSES[condition_class], None
    # A validation error found before sending is also paws' condition for the service's
    # ValidationException (paws_error, http_400, status_code 400), in R as in Python.
    service_errors = "(ServiceError, ParamValidationError)"
    if condition_class in ("paws_error", "http_error"):
        porter.errors.update(("ServiceError", "ParamValidationError"))
        return service_errors, None
    if condition_class.startswith("http_") and condition_class[5:].isdigit():
        status = int(condition_class[5:])
        validation = status == 400 or (status % 100 == 0 and status // 100 == 4)
        porter.errors.update(("ServiceError", "ParamValidationError") if validation else ("ServiceError",))
        classes = service_errors if validation else "ServiceError"
        if status % 100 == 0:
            return classes, f"{var}.status_code // 100 == {status // 100}"
        return classes, f"{var}.status_code == {status}"
    python = porter._error_classes.get(condition_class)
    if python == "PawsCompatError":
        porter.errors.update(("PawsCompatError", "ServiceError"))
        return python, f"not isinstance({var}, ServiceError)"  # R: service errors are paws' own
    if python is not None:
        porter.errors.add(python)
        return python, None
    raise Unsupported(node, f"a handler for {condition_class!r} conditions")


def except_clauses(porter: Porter, handlers: list[Handler], indent: int, tail: Tail) -> list[str]:
    pad = " " * indent
    if not handlers:
        return []
    if all(h.predicate is None for h in handlers):
        lines = []
        errors_taken = False
        for h in handlers:
            if errors_taken and not h.signals:
                continue  # every error was taken by an earlier handler
            var = caught_name(porter, h.param)
            body = handler_body(porter, h, var, indent + 4, tail)
            used = any(re.search(rf"\b{re.escape(var)}\b", line) for line in body)
            lines.append(f"{pad}except {h.classes} as {var}:" if used else f"{pad}except {h.classes}:")
            lines.extend(body)
            errors_taken = errors_taken or h.classes in ("Exception", "(Exception, RCondition)")
        return lines
    var = caught_name(porter, handlers[0].param)
    lines = [f"{pad}except Exception as {var}:"]
    keyword_ = "if"
    for h in handlers:
        tests = [] if h.classes == "Exception" else [f"isinstance({var}, {h.classes})"]
        if h.predicate:
            tests.append(h.predicate.format(e=var))
        if not tests:
            lines.append(f"{pad}    else:")
            lines.extend(handler_body(porter, h, var, indent + 8, tail))
            return lines
        lines.append(f"{pad}    {keyword_} {' and '.join(tests)}:")
        lines.extend(handler_body(porter, h, var, indent + 8, tail))
        keyword_ = "elif"
    lines.extend([f"{pad}    else:", f"{pad}        raise"])
    return lines


def caught_name(porter: Porter, param: str) -> str:
    """The except clause's name for a handler's condition: Python deletes it after the clause,
    so a name the script also assigns (`e <- tryCatch(..., error = function(e) e)`) is not used."""
    if param in porter.bound:
        return scopes.safe_name(porter, f"{param}.caught")
    return param


def handler_body(porter: Porter, h: Handler, var: str, indent: int, tail: Tail) -> list[str]:
    if h.body is None:
        assert h.function is not None
        value = atom(f"{h.function.text}({var})")
        if tail[0] == "assign":
            return layout(f"{tail[1]} = ", value, "", indent)
        return layout("return " if tail[0] == "return" else "", value, "", indent)
    porter.conditions.append({h.param: var})
    try:
        return statements.body_lines(porter, h.body, indent, tail)
    finally:
        porter.conditions.pop()


def stop_value(porter: Porter, node: Node, args: list[tuple[str | None, Node]]) -> Py:
    positional = [v for k, v in args if k is None]
    if any(k not in (None, "call.") for k, _ in args):
        raise Unsupported(node, "stop() with named arguments")
    if len(positional) == 1 and condition_name(porter, positional[0]) is not None:
        return atom(condition_name(porter, positional[0]) or "")
    where = signals.error_call(porter)
    if len(positional) == 1 and positional[0].only("STR_CONST"):
        porter.runtime.add("RError")
        return bracketed("RError", "(", [("", expressions.expr(porter, positional[0])), *where], ")")
    porter.runtime.update(("paste0", "RError"))
    text = call("paste0", *[expressions.expr(porter, v) for v in positional])
    return bracketed("RError", "(", [("", text), *where], ")")


def condition_name(porter: Porter, node: Node) -> str | None:
    if node.only("SYMBOL") or node.token == "SYMBOL":
        leaf = node.kids[0] if node.kids else node
        for scope in reversed(porter.conditions):
            if leaf.text in scope:
                return scope[leaf.text]
    return None


def condition_field(porter: Porter, node: Node, var: str, key: str) -> Py:
    """A paws condition's fields on our exceptions (conditions.R's layout)."""
    if key == "message":
        return call("str", atom(var))
    porter.runtime.add("dollar")
    return call("dollar", atom(var), atom(py_string(key)))

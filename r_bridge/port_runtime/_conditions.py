"""R's conditions other than errors, and try().

A warning or a message is signalled: offered to the handlers in force, innermost first, as R does.
A calling handler (withCallingHandlers) runs where it was signalled and the code goes on unless
it invokes the muffle restart; an exiting handler (tryCatch) unwinds to its except clause. When
no handler takes a warning, Rscript keeps it and prints it after the top-level statement
(`print_warnings`, which the port calls there); a message is written to standard error.

Warnings and messages are BaseExceptions, not Exceptions: R's `error =` handler, which the port
writes as `except Exception`, never catches them.
"""

from __future__ import annotations

import abc
import atexit
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import attrs

from ._halt import UNKNOWN_CALL, NotPorted, RError
from ._text import as_character, text_of
from ._values import elements

# R's limit of kept warnings (options(nwarnings)), and the width past which a message goes on
# its own line (LONGWARN in R's errors.c).
_NWARNINGS = 50
_LONG = 75


class RCondition(BaseException):
    """A condition that is not an error: its message, the call R names, its classes."""

    classes: tuple[str, ...] = ("simpleCondition", "condition")

    def __init__(self, message: str, call: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.call = call

    def __str__(self) -> str:
        return self.message


class RWarning(RCondition):
    classes = ("simpleWarning", "warning", "condition")


class RMessage(RCondition):
    classes = ("simpleMessage", "message", "condition")


class _Restart(BaseException):
    """invokeRestart(name): unwinds to the signal that offers the restart."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


@attrs.frozen
class _Handler:
    classes: tuple[str, ...]
    function: Callable[[Any], Any] | None  # None: an exiting handler (tryCatch's)


_handlers: list[_Handler] = []
_restarts: list[str] = []
_deferred: list[RWarning] = []


@contextmanager
def _established(entries: list[_Handler]) -> Iterator[None]:
    at = len(_handlers)
    _handlers.extend(entries)
    try:
        yield
    finally:
        del _handlers[at:]


def catching(*classes: str) -> Any:
    """The exiting handlers of a tryCatch() for conditions that are not errors: a warning or a
    message of these classes signalled inside is raised, to the tryCatch's except clause."""
    return _established([_Handler(tuple(classes), None)])


def calling(**handlers: Callable[[Any], Any]) -> Any:
    """withCallingHandlers(expr, warning = h): h is called where the condition is signalled."""
    return _established([_Handler((kind,), function) for kind, function in handlers.items()])


def _muffle(kind: str) -> Callable[[Any], Any]:
    def handler(condition: Any) -> None:
        raise _Restart("muffleWarning" if kind == "warning" else "muffleMessage")

    return handler


def suppressing(kind: str) -> Any:
    """suppressWarnings(expr) / suppressMessages(expr)."""
    return calling(**{kind: _muffle(kind)})


def suppressed(kind: str, expr: Callable[[], Any]) -> Any:
    """suppressWarnings(expr) inside an expression: expr's value, its warnings muffled."""
    with suppressing(kind):
        return expr()


def _signal(condition: RCondition) -> None:
    """Offer the condition to the handlers in force, innermost first (R's signalCondition)."""
    for index in range(len(_handlers) - 1, -1, -1):
        handler = _handlers[index]
        if not any(c in condition.classes for c in handler.classes):
            continue
        if handler.function is None:
            raise condition
        # A handler runs with only the handlers established outside it in force.
        above = _handlers[index:]
        del _handlers[index:]
        try:
            handler.function(condition)
        finally:
            _handlers[index:index] = above


def _with_restart(restart: str, condition: RCondition) -> bool:
    """Signal; False when a handler invoked the muffle restart."""
    _restarts.append(restart)
    try:
        _signal(condition)
    except _Restart as exc:
        if exc.name != restart:
            raise
        return False
    finally:
        _restarts.pop()
    return True


def _text(values: tuple[Any, ...]) -> str:
    return "".join(text_of(v) for value in values for v in elements(value))


def warning(*values: Any, call: str | None = None) -> str:
    """R's warning(...): signalled; kept for print_warnings() when no handler muffles it.
    `warning(cond)` signals a condition object as it is."""
    if len(values) == 1 and isinstance(values[0], RCondition):
        condition = values[0]
    elif len(values) == 1 and isinstance(values[0], BaseException):
        raise NotPorted("warning() of an error condition (R signals it to error handlers too)")
    else:
        condition = RWarning(_text(values), call)
    if _with_restart("muffleWarning", condition) and isinstance(condition, RWarning):
        _deferred.append(condition)
    return condition.message


def simple_warning(message: Any, call: str | None = None) -> RWarning:
    return RWarning(as_character(message), call)


def message(*values: Any, appendLF: bool = True) -> None:
    """R's message(): signalled (suppressMessages and handlers see it), else on standard error."""
    condition = RMessage(_text(values) + ("\n" if appendLF else ""))
    if not _handlers or _with_restart("muffleMessage", condition):
        sys.stdout.flush()
        sys.stderr.write(condition.message)
        sys.stderr.flush()


def invoke_restart(name: str) -> None:
    if name not in _restarts:
        raise RError(f"no 'restart' '{name}' found")
    raise _Restart(name)


def condition_message(condition: Any) -> str:
    return str(condition)


def warnings_text() -> str:
    """The deferred warnings as Rscript prints them ("Warning message:" ...); "" when none."""
    count = len(_deferred)
    if count == 0:
        return ""
    if count > 10:
        if count <= _NWARNINGS:
            return f"There were {count} warnings (use warnings() to see them)\n"
        return f"There were {_NWARNINGS} or more warnings (use warnings() to see the first {_NWARNINGS})\n"
    out = ["Warning message:\n" if count == 1 else "Warning messages:\n"]
    for number, condition in enumerate(_deferred, start=1):
        lead = "" if count == 1 else f"{number}: "
        if condition.call is None:
            out.append(f"{lead}{condition.message} \n")
            continue
        first = condition.message.split("\n", 1)[0]
        room = 6 if count == 1 else 10
        long = room + len(condition.call) + len(first) > _LONG
        out.append(f"{lead}In {condition.call} :{chr(10) + ' ' if long else ''} {condition.message}\n")
    return "".join(out)


def print_warnings() -> None:
    """What Rscript does after each top-level statement: the warnings it signalled, printed."""
    text = warnings_text()
    _deferred.clear()
    if text:
        sys.stdout.flush()
        sys.stderr.write(text)
        sys.stderr.flush()


atexit.register(print_warnings)  # a port calls it after each statement that may warn


# ---- try() --------------------------------------------------------------------------------------

_last_error: list[str | None] = [""]  # geterrmessage(); None when the port cannot tell it


class TryError(abc.ABC):  # noqa: B024 - a class to test values against, nothing to implement
    """try()'s value when its expression failed (R's class "try-error")."""


@TryError.register
class TryErrorText(str):
    """The "try-error" string, R's text of the error; the condition kept."""

    condition: BaseException


@TryError.register
class _TryErrorUntold(BaseException):
    """A silent try()'s value for an error whose call the port does not know: it may be tested
    (inherits), not read (its text would name the call)."""

    def __str__(self) -> str:
        raise NotPorted("the text of a try-error whose call R would name (not known to the port)")


def try_error(exc: BaseException, try_call: str, silent: bool = False) -> Any:
    """What try() gives for an error: its message as R writes it ("Error in f(x) : msg"), on
    standard error unless `silent`, then the warnings kept so far."""
    call = exc.call if isinstance(exc, RError) else UNKNOWN_CALL
    if call is UNKNOWN_CALL:
        if silent:
            untold = _TryErrorUntold()
            _last_error[0] = None
            return untold
        raise NotPorted("try() of an error whose call R would name (not known to the port)") from exc
    text = str(exc)
    if call is None:
        prefix = "Error : "
    else:
        if call.startswith("doTryCatch("):
            call = try_call
        prefix = f"Error in {call} : "
        first = text.split("\n", 1)[0]
        if 14 + len(call) + len(first) > _LONG:
            prefix += "\n  "
    value = TryErrorText(prefix + text + "\n")
    value.condition = exc
    _last_error[0] = str(value)
    if not silent:
        sys.stdout.flush()
        pending = warnings_text()
        _deferred.clear()
        sys.stderr.write(value + (f"In addition: {pending}" if pending else ""))
        sys.stderr.flush()
    return value


def geterrmessage() -> str:
    if _last_error[0] is None:
        raise NotPorted("geterrmessage() after an error whose call R would name (not known to the port)")
    return _last_error[0]

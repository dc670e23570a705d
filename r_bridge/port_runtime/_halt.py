"""How a ported script ends when R's would stop, or when the port cannot go on without guessing."""

from __future__ import annotations

import os
import sys
from typing import Any

# The exit status of a ported script stopped where it would have to guess.
UNPORTED_STATUS = 70


class NotPorted(BaseException):
    """Raised at a statement carried over as `# UNPORTED`, or by a helper meeting a case it does
    not implement: running on would print something R does not. Not an Exception, so no ported
    error handler (`except Exception`) takes it for one of R's errors."""


# An error's call when the port does not know the one R would name.
UNKNOWN_CALL: Any = type("UnknownCall", (), {"__repr__": lambda self: "UNKNOWN_CALL"})()


class RError(RuntimeError):
    """An error R would signal (stop(), or a built-in's own): its message is R's, and the call R
    names with it (None for none, UNKNOWN_CALL when the port does not know it)."""

    def __init__(self, message: str, call: Any = UNKNOWN_CALL) -> None:
        super().__init__(message)
        self.call = call


def unported(where: str, reason: str) -> None:
    raise NotPorted(f"{where}: {reason}")


def report_as_rscript(kind: type[BaseException], exc: BaseException, tb: Any) -> None:
    """sys.excepthook of a ported script: an error ends it as Rscript ends a script.

    Rscript writes `Error in <call> : <message>` and `Execution halted` and exits with 1; a
    statement that was not ported stops the script with UNPORTED_STATUS, saying where and why.
    """
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, exc, tb)
        return
    sys.stdout.flush()
    if isinstance(exc, NotPorted):
        sys.stderr.write(f"UNPORTED {exc}: not ported; the script stops here\n")
        status = UNPORTED_STATUS
    else:
        from ._conditions import warnings_text

        text = str(exc) if isinstance(exc, RError) else f"{kind.__name__}: {exc}"
        pending = warnings_text()
        addition = f"In addition: {pending}" if pending else ""
        sys.stderr.write(f"Error: {text}\n{addition}Execution halted\n")
        status = 1
    sys.stderr.flush()
    os._exit(status)


class _Missing:
    """The value of a parameter a call left out (R's empty promise)."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


def given(value: Any, name: str, call: Any = UNKNOWN_CALL) -> Any:
    """A parameter where it is used: R's error if the call left it out."""
    if value is MISSING:
        raise RError(f'argument "{name}" is missing, with no default', call)
    return value


def dot_arg(n: int, dots: tuple[Any, ...], named_dots: dict[str, Any], call: Any = UNKNOWN_CALL) -> Any:
    """R's ..n: the n-th argument that went into `...`."""
    if named_dots:
        raise NotPorted("..n with named arguments in ... (Python keeps them apart, the order is lost)")
    if n > len(dots):
        raise RError(f"the ... list contains fewer than {n} elements", call)
    return dots[n - 1]


def dots_list(dots: tuple[Any, ...], named_dots: dict[str, Any]) -> Any:
    """list(...): the arguments that went into `...`, named ones by name."""
    if dots and named_dots:
        raise NotPorted(
            "list(...) of named and unnamed arguments (Python keeps them apart, the order is lost)"
        )
    return dict(named_dots) if named_dots else list(dots)

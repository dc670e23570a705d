"""Masking of path members (DescribeView's ViewToken) in urllib3's debug log lines, which quote
request paths.

The filter lives in this small module on purpose. The logging module keeps it (on urllib3's
loggers) through interpreter shutdown, and with it this module's globals, and everything those
reach stays alive past shutdown's garbage collection, to be wiped module by module. Here the
globals are only `logging` and `re`, which logging keeps alive anyway. A filter defined in the
client module, or any reference to `typing` here (whose caches reach urllib3's and attrs' classes),
would keep a hundred more modules alive and add milliseconds to every process' exit.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import Any

SERVICE = "connectparticipant"
LOGGERS = ("urllib3.connectionpool", "urllib3.connection")


class PathTokenFilter(logging.Filter):
    """Replaces the path segments that operations fill from members with ***.

    Filters run only when a record is made, i.e. only with DEBUG logging on: no cost per call.
    The pattern is made from the model on the first record, not at import.
    """

    def __init__(self, pattern: re.Pattern[str] | None = None) -> None:
        super().__init__()
        self._pattern = pattern
        self._ready = pattern is not None

    @property
    def pattern(self) -> re.Pattern[str] | None:
        if not self._ready:
            self._pattern = path_token_pattern()
            self._ready = True
        return self._pattern

    def filter(self, record: logging.LogRecord) -> bool:
        pattern = self.pattern
        if pattern is None:
            return True
        record.msg = _mask(pattern, record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(_mask(pattern, arg) for arg in record.args)
        return True


def _mask(pattern: re.Pattern[str], value: Any) -> Any:
    return pattern.sub(r"\1***", value) if isinstance(value, str) else value


def path_token_pattern() -> re.Pattern[str] | None:
    """A regex matching, in any text, the path segments that operations fill from members."""
    from ._model import load_model  # not a global: see the module docstring

    prefixes = []
    for operation in load_model(SERVICE).operations.values():
        for match in re.finditer(r"\{[^}]+\}", operation.request_uri):
            prefixes.append(re.escape(operation.request_uri[: match.start()]))
    if not prefixes:
        return None
    return re.compile(f"({'|'.join(sorted(set(prefixes)))})[^/?#\\s\"']+")


def install() -> None:
    """Put one filter on each urllib3 logger that quotes paths (again: no second one)."""
    for name in LOGGERS:
        target = logging.getLogger(name)
        if not any(isinstance(f, PathTokenFilter) for f in target.filters):
            target.addFilter(PathTokenFilter())

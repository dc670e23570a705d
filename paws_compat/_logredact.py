"""Masking of tokens in urllib3's log lines, which quote request paths and URLs: path members
(DescribeView's ViewToken) and the credentials in a pre-signed URL's query (an attachment upload's
X-Amz-Security-Token and X-Amz-Signature, a download's Signature).

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
# Every urllib3 logger that quotes a path or a URL (retries and redirects too, some at WARNING).
LOGGERS = ("urllib3.connectionpool", "urllib3.connection", "urllib3.poolmanager", "urllib3.util.retry")


class PathTokenFilter(logging.Filter):
    """Replaces the path segments that operations fill from members, and the values of query
    parameters that carry credentials, with ***.

    Filters run only when a record is made, i.e. only with DEBUG logging on: no cost per call.
    The patterns are made on the first record, not at import.
    """

    def __init__(self, pattern: re.Pattern[str] | None = None) -> None:
        super().__init__()
        self._pattern = pattern
        self._ready = pattern is not None
        self._query: re.Pattern[str] | None = None

    @property
    def pattern(self) -> re.Pattern[str] | None:
        if not self._ready:
            self._pattern = path_token_pattern()
            self._ready = True
        return self._pattern

    def filter(self, record: logging.LogRecord) -> bool:
        if self._query is None:
            from ._redact import query_secret_pattern  # not a global: see the module docstring

            self._query = re.compile(query_secret_pattern())
        patterns = (self._query,) if self.pattern is None else (self._query, self.pattern)
        record.msg = _mask(patterns, record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(_mask(patterns, arg) for arg in record.args)
        return True


def _mask(patterns: tuple[re.Pattern[str], ...], value: Any) -> Any:
    if isinstance(value, str):
        for pattern in patterns:
            value = pattern.sub(r"\1***", value)
    return value


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

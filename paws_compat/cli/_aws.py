"""The AWS CLI's global options, accepted where `aws` accepts them: before the service name,
after it, or among the operation's own options.

Each is added with a SUPPRESS default at every level, so a value given at one level is never
overwritten by another level's default; `settings(args)` reads them with the AWS CLI's defaults.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Mapping
from typing import Any

from ._output import FORMATS

# name -> (argparse keywords, default when not given)
GLOBAL_OPTIONS: dict[str, tuple[dict[str, Any], Any]] = {
    "--endpoint-url": ({"metavar": "URL", "help": "the service endpoint (e.g. the local emulator)"}, None),
    "--region": ({"help": "the AWS Region (else AWS_REGION, then the profile)"}, None),
    "--profile": ({"help": "the profile of ~/.aws/config to read the region and endpoint from"}, None),
    "--output": (
        {"choices": FORMATS, "help": "json (default), text, table, yaml, or r (paws' str() layout)"},
        "json",
    ),
    "--query": ({"metavar": "JMESPATH", "help": "a JMESPath expression applied to the result"}, None),
    "--debug": ({"action": "store_true", "help": "log the call to standard error (secrets masked)"}, False),
    "--no-verify-ssl": (
        {"action": "store_true", "help": "do not verify TLS certificates (tests only)"},
        False,
    ),
    "--ca-bundle": ({"metavar": "FILE", "help": "the CA bundle to verify TLS certificates with"}, None),
    "--cli-read-timeout": (
        {"type": float, "metavar": "SECONDS", "help": "socket read timeout; 0 waits for ever"},
        None,
    ),
    "--cli-connect-timeout": (
        {"type": float, "metavar": "SECONDS", "help": "socket connect timeout; 0 waits for ever"},
        None,
    ),
    "--no-paginate": (
        {"action": "store_true", "help": "one call only (GetTranscript: its first page)"},
        False,
    ),
    "--color": (
        {"choices": ("on", "off", "auto"), "help": "colour table output: on, off, auto (on for a terminal)"},
        "auto",
    ),
    "--no-cli-pager": (
        {"action": "store_true", "help": "accepted for the AWS CLI: output is never paged"},
        False,
    ),
}
TAKES_VALUE = frozenset(n for n, (kw, _) in GLOBAL_OPTIONS.items() if kw.get("action") != "store_true")


def dest(name: str) -> str:
    return "global_" + name.lstrip("-").replace("-", "_")


def add_global_options(parser: argparse.ArgumentParser | Any, title: str = "global options") -> None:
    group = parser.add_argument_group(title)
    for name, (keywords, _default) in GLOBAL_OPTIONS.items():
        group.add_argument(name, dest=dest(name), default=argparse.SUPPRESS, **keywords)


def setting(args: argparse.Namespace, name: str) -> Any:
    return getattr(args, dest(name), GLOBAL_OPTIONS[name][1])


def given_globals(args: argparse.Namespace) -> list[str]:
    return [n for n in GLOBAL_OPTIONS if hasattr(args, dest(n))]


class _MaskingFilter(logging.Filter):
    """--debug's lines with every secret of this run masked, whatever logger wrote them."""

    def __init__(self, secrets: list[str]) -> None:
        super().__init__()
        self.secrets = secrets

    def filter(self, record: logging.LogRecord) -> bool:
        from .connectparticipant import hide

        record.msg = hide(record.getMessage(), self.secrets)
        record.args = None
        return True


def start_debug(secrets: list[str]) -> logging.Handler:
    """The AWS CLI's --debug: every logger at DEBUG to standard error, in its line format."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        logging.Formatter("%(asctime)s - %(threadName)s - %(name)s - %(levelname)s - %(message)s")
    )
    handler.addFilter(_MaskingFilter(secrets))
    root = logging.getLogger()
    handler.previous_level = root.level  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    return handler


def stop_debug(handler: logging.Handler) -> None:
    root = logging.getLogger()
    root.removeHandler(handler)
    root.setLevel(getattr(handler, "previous_level", logging.WARNING))


def transport_without_timeouts(config: Any, connect: bool, read: bool) -> Any:
    """The default transport, with the connect and/or read timeout removed (the AWS CLI's 0)."""
    from .. import _network
    from .._config import resolve
    from .._transport import RequestsTransport, Response, Timeouts, Transport

    network = _network.build(
        session=None,
        config_verify=config.verify,
        aws_bundle=resolve(config).aws_bundle,
        allow_http=config.allow_http,
    )
    inner = RequestsTransport(network.session)
    inner.use(network)

    class Unbounded(Transport):
        def send(
            self,
            method: str,
            url: str,
            headers: Mapping[str, str],
            body: bytes | None,
            timeouts: Timeouts,
            *,
            deadline: float | None = None,
        ) -> Response:
            bounded = Timeouts(None if connect else timeouts.connect, None if read else timeouts.read)  # type: ignore[arg-type]
            # A read timeout of 0 is the AWS CLI's "wait as long as it takes": no deadline either.
            return inner.send(method, url, headers, body, bounded, deadline=None if read else deadline)

        def close(self) -> None:
            inner.close()

    return Unbounded()

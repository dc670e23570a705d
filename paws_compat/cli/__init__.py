"""`paws-compat`: the command line.

Each subcommand lives in its own module with a `register(subparsers)` function that adds its parser
and sets `handler` (a function of the parsed arguments returning the exit status; optionally `parser`,
the parser that reports its usage errors); it is imported
only when the parser is built, so a module that is missing or broken (an optional dependency not
installed, a part not shipped) takes only its own subcommand away, never the others.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from .. import __version__
from .._redact import MASK
from ._aws import TAKES_VALUE, add_global_options, given_globals

# Subcommand modules, in the order `--help` lists them.
SUBCOMMANDS = ("connectparticipant", "chat", "emulator", "port")
# The ones shaped like `aws <service>`, which take the AWS CLI's global options.
AWS_COMMANDS = ("connectparticipant",)


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser; subcommands whose module cannot be imported are left out, with a note.

    With `only`, just that subcommand's module is imported: a command starts without paying for
    the others' imports (the emulator's aiohttp, the chat's asyncio).
    """
    parser = argparse.ArgumentParser(
        prog="paws-compat",
        description="Amazon Connect Participant Service from the command line: calls, chats, "
        "a local emulator, and a porter from paws scripts (R) to Python.",
    )
    parser.add_argument("--version", action="version", version=f"paws-compat {__version__}")
    # The AWS CLI's global options may come before the service name too (`aws --region R svc op`).
    add_global_options(parser, "global options (for connectparticipant, also accepted after it)")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    unavailable: list[str] = []
    for name in SUBCOMMANDS:
        if only is not None and name != only:
            continue
        try:
            module = importlib.import_module(f"{__name__}.{name}")
            register = module.register
        except Exception as exc:
            # A missing module or optional dependency, or a broken module, removes only its own
            # subcommand; --help says which and why.
            unavailable.append(f"{name} ({type(exc).__name__}: {exc})")
            continue
        register(subparsers)
    if unavailable:
        parser.epilog = "Unavailable here: " + "; ".join(unavailable)
    return parser


def _shown(extras: list[str]) -> list[str]:
    """Unrecognized arguments as an error shows them: a value is masked only when it may be a
    secret (it follows, or is joined to, an option naming a token, or looks like one)."""
    from .._redact import mask

    shown = []
    for index, argument in enumerate(extras):
        name, equals, _value = argument.partition("=")
        if argument.startswith("-") and len(argument) > 1:
            shown.append(f"{name}={MASK}" if equals and _secret_name(name) else mask(argument))
        elif index and _secret_name(extras[index - 1].partition("=")[0]) and "=" not in extras[index - 1]:
            shown.append(MASK)
        else:
            shown.append(mask(argument))
    return shown


def _secret_name(option: str) -> bool:
    """The model's secret words (token, bearer...), and "secret": AWS credentials, which the model
    does not describe, are named with it (--aws-secret-access-key)."""
    from .._redact import secret_words

    return option.startswith("-") and any(word in option.lower() for word in (*secret_words(), "secret"))


def _command(arguments: list[str]) -> str | None:
    """The subcommand named, past any global options (and their values) before it."""
    skip = False
    for argument in arguments:
        if skip:
            skip = False
        elif argument.startswith("-"):
            skip = argument in TAKES_VALUE
        else:
            return argument if argument in SUBCOMMANDS else None
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (the console script exits with it)."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    chosen = _command(arguments)
    parser = build_parser(chosen)
    args, extras = parser.parse_known_args(arguments)
    if extras:
        # Reported by the innermost parser, so a subcommand's own usage and exit status apply.
        owner = getattr(args, "parser", None) or parser
        owner.error(f"unrecognized arguments: {' '.join(_shown(extras))}")
    if chosen not in AWS_COMMANDS and given_globals(args):
        parser.error(f"{', '.join(given_globals(args))}: global options apply to {', '.join(AWS_COMMANDS)}")
    # A subcommand names its function with set_defaults(handler=...) (or func=..., argparse's idiom).
    handler = getattr(args, "handler", None) or getattr(args, "func", None)
    if handler is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        status = handler(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `paws-compat ... | head`: the reader went away; say nothing more.
        return 0
    return int(status or 0)

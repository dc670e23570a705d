"""`paws-compat connectparticipant <operation>`: the service from a shell, in the AWS CLI's image.

Everything per operation (the subcommands, their options, types, help) is generated from the
model, as `aws connectparticipant` is generated from botocore's. Values take the AWS CLI's forms:
plain strings and numbers, `--flag/--no-flag` for booleans, several words or JSON for lists,
JSON or shorthand (`Key=Value,Other=[a,b]`) for structures, `file://PATH` for any value, and
`--cli-input-json` for all of them at once.

Tokens (the X-Amz-Bearer members, and every member the model or the core calls sensitive) may
also come from `env:NAME`, from standard input (`-`), or from PAWS_COMPAT_<MEMBER> in the
environment, so they stay out of the process list and shell history. They are never printed:
secrets in results are shown as *** (`--save-tokens DIR` writes them to private files instead),
and error messages have every token value masked.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import textwrap
from collections.abc import Mapping
from typing import Any, NoReturn

from .._model import Member, Operation, Shape, load_model
from .._paging import paginator_definitions
from .._redact import MASK, is_sensitive, mask
from . import _output
from ._aws import add_global_options, setting, start_debug, stop_debug, transport_without_timeouts
from ._files import write_private

# Exit statuses, as the AWS CLI v2 uses them.
EXIT_OK = 0
EXIT_INTERRUPTED = 130
EXIT_USAGE = 252  # bad options or values, parameter validation: nothing was sent
EXIT_CONFIG = 253  # the client's configuration (region, endpoint) is missing or invalid
EXIT_SERVICE = 254  # the service answered with an error
EXIT_OTHER = 255  # connection errors, timeouts, unreadable responses

EXIT_CODES_HELP = (
    "exit status: 0 success; 252 invalid options or parameter validation (nothing was sent); "
    "253 configuration error (region, endpoint); 254 the service returned an error (its code and "
    "message go to standard error); 255 connection error, timeout or unreadable response; "
    "130 interrupted."
)
TOKENS_HELP = (
    "tokens: a token option takes the token itself, file://PATH, env:NAME, or - (standard input); "
    "left out, it is read from PAWS_COMPAT_<MEMBER> (e.g. PAWS_COMPAT_CONNECTION_TOKEN). Tokens "
    "are never printed: secrets in results show as *** unless --save-tokens DIR writes them there."
)


class UsageError(Exception):
    """A bad option or value; the message never holds a token."""


class _OperationParser(argparse.ArgumentParser):
    """Usage errors of an operation exit with the AWS CLI's 252, not argparse's 2."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def kebab(name: str) -> str:
    """ParticipantToken -> participant-token; CreateParticipantConnection -> create-participant-connection."""
    out = []
    for i, ch in enumerate(name):
        if (
            ch.isupper()
            and i > 0
            and (not name[i - 1].isupper() or (i + 1 < len(name) and name[i + 1].islower()))
        ):
            out.append("-")
        out.append(ch.lower())
    return "".join(out)


def env_name(member: Member) -> str:
    return "PAWS_COMPAT_" + kebab(member.name).replace("-", "_").upper()


def is_secret(member: Member) -> bool:
    return is_sensitive(member)


def describe(shape: Shape) -> str:
    """A shape's type and rules in a few words, for --help."""
    if shape.type == "list" and shape.member is not None:
        text = f"list of {describe(shape.member)}"
    elif shape.type == "structure":
        text = "structure: " + ", ".join(f"{n}={describe(m.shape)}" for n, m in shape.members.items())
        return "{" + text + "}"
    elif shape.type == "map" and shape.key is not None and shape.value is not None:
        text = f"map of {describe(shape.key)} to {describe(shape.value)}"
    else:
        text = shape.type
    if shape.enum:
        text += f" ({'|'.join(shape.enum)})"
    if shape.min is not None or shape.max is not None:
        low = "" if shape.min is None else str(shape.min)
        high = "" if shape.max is None else str(shape.max)
        unit = {"string": " chars", "list": " items"}.get(shape.type, "")
        text += f" [{low}..{high}{unit}]"
    return text


# ---- the parser, from the model --------------------------------------------------------------


def register(subparsers: Any) -> argparse.ArgumentParser:
    model = load_model("connectparticipant")
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "connectparticipant",
        help="call an Amazon Connect Participant Service operation (as `aws connectparticipant`)",
        description="Call one operation of the Amazon Connect Participant Service. Options are the "
        "operation's members in kebab-case, as in the AWS CLI.",
        epilog=EXIT_CODES_HELP,
    )
    # The top-level parser made this one; an unknown operation is a usage error too (252).
    parser.__class__ = _OperationParser
    operations = parser.add_subparsers(dest="operation", metavar="OPERATION", parser_class=_OperationParser)
    for operation in model.operations.values():
        add_operation(operations, operation)
    add_global_options(parser)
    parser.set_defaults(handler=lambda args: _no_operation(parser))
    return parser


def _no_operation(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return EXIT_USAGE


def add_operation(operations: Any, operation: Operation) -> None:
    name = kebab(operation.name)
    required = operation.required
    parser = operations.add_parser(
        name,
        help=f"{operation.name} ({operation.http_method} {operation.request_uri})",
        description=f"{operation.name}: {operation.http_method} {operation.request_uri}. "
        + (
            "Returns " + ", ".join(operation.output.members) + "."
            if operation.output is not None and operation.output.members
            else "Returns nothing."
        ),
        epilog="\n\n".join(textwrap.fill(text, 78) for text in (TOKENS_HELP, EXIT_CODES_HELP)),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    members = parser.add_argument_group("operation members")
    for member in operation.input_members.values():
        add_member_option(members, member, member.name in required and not member.idempotency_token)
    common = parser.add_argument_group("common options")
    common.add_argument(
        "--cli-input-json",
        metavar="JSON",
        help="all members as one JSON object (or file://PATH); options given as well win",
    )
    common.add_argument(
        "--generate-cli-skeleton",
        nargs="?",
        const="input",
        choices=["input", "output"],
        help="print a JSON skeleton of the input (for --cli-input-json) or of the output, and exit",
    )
    common.add_argument(
        "--save-tokens",
        metavar="DIR",
        help="write each secret of the result to DIR/<Member.Path> (mode 0600)",
    )
    if operation.name in paginator_definitions():
        paging = parser.add_argument_group("paging (all pages unless --no-paginate)")
        paging.add_argument("--max-items", type=int, metavar="N", help="stop after N items in all")
        paging.add_argument(
            "--starting-token", metavar="TOKEN", help="resume from a NextToken printed before"
        )
        paging.add_argument("--page-size", type=int, metavar="N", help="items per call (MaxResults)")
    add_global_options(parser)
    parser.set_defaults(handler=lambda args: run(operation, args), parser=parser)


def add_member_option(group: argparse._ArgumentGroup, member: Member, required: bool) -> None:
    flag = "--" + kebab(member.name)
    shape = member.shape
    notes = [describe(shape)]
    if required:
        notes.insert(0, "required")
    if member.idempotency_token:
        notes.append("filled with a UUID when left out")
    if is_secret(member):
        notes.append(f"secret: TOKEN, file://PATH, env:NAME or -; default ${env_name(member)}")
    help_text = "; ".join(notes).replace("%", "%%")
    dest = f"member_{member.name}"
    if shape.type == "boolean":
        group.add_argument(
            flag, dest=dest, action=argparse.BooleanOptionalAction, default=None, help=help_text
        )
    elif shape.type == "list":
        group.add_argument(flag, dest=dest, nargs="+", metavar="VALUE", help=help_text)
    else:
        metavar = (
            "TOKEN" if is_secret(member) else "JSON|SHORTHAND" if shape.type in ("structure", "map") else None
        )
        group.add_argument(
            flag, dest=dest, metavar=metavar or kebab(member.name).upper().replace("-", "_"), help=help_text
        )


# ---- values ----------------------------------------------------------------------------------


def read_source(text: str, secret: bool, flag: str) -> str:
    """file://PATH, env:NAME (secrets) and - (secrets: standard input), else the text itself."""
    if text.startswith("file://"):
        path = text[len("file://") :]
        try:
            with open(os.path.expanduser(path), encoding="utf-8") as handle:
                content = handle.read()
        except (OSError, UnicodeDecodeError) as exc:
            reason = getattr(exc, "strerror", None) or type(exc).__name__
            raise UsageError(f"{flag}: cannot read {path}: {reason}") from None
        return content.rstrip("\r\n") if secret else content
    if secret and text.startswith("env:"):
        name = text[len("env:") :]
        value = os.environ.get(name)
        if not value:
            raise UsageError(f"{flag}: environment variable {name} is not set")
        return value
    if secret and text == "-":
        content = sys.stdin.readline().strip()
        if not content:
            raise UsageError(f"{flag}: nothing on standard input")
        return content
    return text


def convert(shape: Shape, text: str, flag: str) -> Any:
    """One option value as the model's type wants it."""
    if shape.type in ("structure", "map", "list") and text.lstrip().startswith(("{", "[")):
        try:
            return json.loads(text)
        except ValueError as exc:
            raise UsageError(f"{flag}: invalid JSON: {exc}") from None
    if shape.type in ("structure", "map"):
        return Shorthand(text, flag).parse(shape)
    return scalar(shape, text, flag)


def scalar(shape: Shape, text: str, flag: str) -> Any:
    try:
        if shape.type in ("integer", "long"):
            return int(text)
        if shape.type in ("double", "float"):
            return float(text)
    except ValueError:
        raise UsageError(
            f"{flag}: expected {'an integer' if shape.type != 'double' else 'a number'}, got {text!r}"
        ) from None
    if shape.type == "boolean":
        lowered = text.lower()
        if lowered not in ("true", "false"):
            raise UsageError(f"{flag}: expected true or false, got {text!r}")
        return lowered == "true"
    return text


class Shorthand:
    """The AWS CLI's shorthand: `Key=Value,Key2=[a,b],Key3={Inner=v}`, typed by the model."""

    def __init__(self, text: str, flag: str) -> None:
        self.text = text
        self.flag = flag
        self.pos = 0

    def fail(self, what: str) -> NoReturn:
        raise UsageError(f"{self.flag}: invalid shorthand at character {self.pos + 1}: {what}")

    def parse(self, shape: Shape) -> Any:
        value = self.structure(shape, top=True)
        if self.pos != len(self.text):
            self.fail("unexpected text after the value")
        return value

    def structure(self, shape: Shape, top: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {}
        while self.pos < len(self.text):
            if not top and self.text[self.pos] == "}":
                break
            key = self.until("=")
            if not key:
                self.fail("expected Key=Value")
            self.pos += 1  # '='
            out[key] = self.value(self.member_shape(shape, key))
            if self.pos < len(self.text) and self.text[self.pos] == ",":
                self.pos += 1
            elif self.pos < len(self.text) and (top or self.text[self.pos] != "}"):
                self.fail("expected ',' between Key=Value pairs")
        return out

    def member_shape(self, shape: Shape, key: str) -> Shape | None:
        if shape.type == "map":
            return shape.value
        member = shape.members.get(key)
        if member is None:
            valid = ", ".join(shape.members)
            raise UsageError(f"{self.flag}: unknown key {key!r}; valid keys are: {valid}")
        return member.shape

    def value(self, shape: Shape | None) -> Any:
        if self.pos < len(self.text) and self.text[self.pos] == "{":
            self.pos += 1
            inner = self.structure(shape) if shape is not None and shape.type in ("structure", "map") else {}
            self.expect("}")
            return inner
        if self.pos < len(self.text) and self.text[self.pos] == "[":
            self.pos += 1
            items = []
            while self.pos < len(self.text) and self.text[self.pos] != "]":
                item_shape = shape.member if shape is not None else None
                items.append(self.value(item_shape))
                if self.pos < len(self.text) and self.text[self.pos] == ",":
                    self.pos += 1
            self.expect("]")
            return items
        raw = self.until(",]}")
        return scalar(shape, raw, self.flag) if shape is not None else raw

    def until(self, stops: str) -> str:
        start = self.pos
        while self.pos < len(self.text) and self.text[self.pos] not in stops:
            self.pos += 1
        return self.text[start : self.pos].strip()

    def expect(self, char: str) -> None:
        if self.pos >= len(self.text) or self.text[self.pos] != char:
            self.fail(f"expected {char!r}")
        self.pos += 1


def skeleton(shape: Shape, stack: tuple[str, ...] = ()) -> Any:
    """A placeholder value of `shape`, as botocore's ArgumentGenerator (and so the AWS CLI's
    --generate-cli-skeleton) makes it: a structure met again inside itself is {}, a timestamp is
    the epoch; an enum takes its first value (botocore picks one at random)."""
    inner = (*stack, shape.name)
    if shape.type == "structure":
        if inner.count(shape.name) > 1:
            return {}
        return {n: skeleton(m.shape, inner) for n, m in shape.members.items()}
    if shape.type == "list":
        return [skeleton(shape.member, inner)] if shape.member is not None else []
    if shape.type == "map":
        return {"KeyName": skeleton(shape.value, inner) if shape.value is not None else ""}
    if shape.type == "boolean":
        return True
    if shape.type in ("integer", "long"):
        return 0
    if shape.type in ("double", "float"):
        return 0.0
    if shape.type == "timestamp":
        return "1970-01-01T00:00:00"
    return shape.enum[0] if shape.enum else ""


def collect_params(operation: Operation, args: argparse.Namespace, secrets: list[str]) -> dict[str, Any]:
    """Members from --cli-input-json, the options and the environment; secrets read are noted."""
    params: dict[str, Any] = {}
    members = operation.input_members
    if args.cli_input_json:
        text = read_source(args.cli_input_json, False, "--cli-input-json")
        try:
            loaded = json.loads(text)
        except ValueError as exc:
            raise UsageError(f"--cli-input-json: invalid JSON: {exc}") from None
        if not isinstance(loaded, dict):
            raise UsageError("--cli-input-json: expected a JSON object")
        unknown = sorted(set(loaded) - set(members))
        if unknown:
            raise UsageError(
                f"--cli-input-json: unknown members {', '.join(unknown)}; valid: {', '.join(members)}"
            )
        params.update(loaded)
    stdin_used = False
    for name, member in members.items():
        flag = "--" + kebab(name)
        raw = getattr(args, f"member_{name}")
        secret = is_secret(member)
        if raw is None:
            if secret and name not in params and os.environ.get(env_name(member)):
                params[name] = os.environ[env_name(member)]
                secrets.append(params[name])
            elif secret and isinstance(params.get(name), str):
                secrets.append(params[name])
            continue
        if member.shape.type == "boolean":
            params[name] = raw
            continue
        if member.shape.type == "list":
            assert member.shape.member is not None
            texts = [read_source(t, False, flag) for t in raw]
            if len(texts) == 1 and texts[0].lstrip().startswith("["):
                params[name] = convert(member.shape, texts[0], flag)
            else:
                params[name] = [convert(member.shape.member, t, flag) for t in texts]
            continue
        if secret and raw == "-":
            if stdin_used:
                raise UsageError("only one option can read standard input (-)")
            stdin_used = True
        value = read_source(raw, secret, flag)
        if secret:
            secrets.append(value)
        params[name] = convert(member.shape, value, flag)
    missing = [
        "--" + kebab(n) for n in operation.required if n not in params and not members[n].idempotency_token
    ]
    if missing:
        env_hint = {"--" + kebab(n): env_name(m) for n, m in members.items() if is_secret(m)}
        described = [f"{m} (or ${env_hint[m]})" if m in env_hint else m for m in missing]
        raise UsageError(f"missing required option{'s' if len(missing) > 1 else ''}: {', '.join(described)}")
    return params


# ---- output ----------------------------------------------------------------------------------


def masked(shape: Shape | None, value: Any, path: str, found: dict[str, str]) -> Any:
    """A result's plain data with every secret replaced by *** and noted in `found` by path."""
    if isinstance(value, Mapping):
        out = {}
        for key, item in value.items():
            member = shape.members.get(key) if shape is not None and shape.type == "structure" else None
            child = f"{path}.{key}" if path else str(key)
            if member is not None and is_secret(member) and _has_text(item):
                found[child] = item if isinstance(item, str) else json.dumps(item)
                out[key] = MASK
            else:
                inner = member.shape if member is not None else (shape.value if shape is not None else None)
                out[key] = masked(inner, item, child, found)
        return out
    if isinstance(value, list):
        inner = shape.member if shape is not None else None
        return [masked(inner, item, f"{path}.{i}", found) for i, item in enumerate(value)]
    if isinstance(value, str):
        shown = mask(value)
        if shown != value:
            found[path] = value
        return shown
    return value


def _has_text(value: Any) -> bool:
    return bool(value) if isinstance(value, (str, list, dict)) else value is not None


def save_tokens(directory: str, found: Mapping[str, str]) -> list[str]:
    """Write each secret to its own private file; the paths written (never the values)."""
    os.makedirs(directory, mode=0o700, exist_ok=True)
    written = []
    for path, value in found.items():
        target = os.path.join(directory, _file_name(path))
        write_private(target, value + "\n")
        written.append(target)
    return written


def _file_name(path: str) -> str:
    """A result path as a plain file name: map keys come from the server and may hold `/`."""
    name = "".join(c if c.isalnum() or c in "._-" else "_" for c in path).lstrip(".")
    return name[:200] or "secret"


# ---- running one operation -------------------------------------------------------------------


def hide(text: str, secrets: list[str], patterns: bool = True) -> str:
    """`text` with every token we were given masked, and (`patterns`) every token-looking value."""
    for secret in sorted(set(secrets), key=len, reverse=True):
        if len(secret) >= 4:
            text = text.replace(secret, MASK)
    return mask(text) if patterns else text


def run(operation: Operation, args: argparse.Namespace) -> int:
    if args.generate_cli_skeleton == "input":
        skel = skeleton(operation.input) if operation.input is not None else {}
        print(json.dumps(skel, indent=4))
        return EXIT_OK
    secrets: list[str] = []
    debug = start_debug(secrets) if setting(args, "--debug") else None
    try:
        try:
            params = collect_params(operation, args, secrets)
            query = compile_query(setting(args, "--query"))
        except UsageError as exc:
            return fail(str(exc), secrets, EXIT_USAGE, patterns=False)
        if args.generate_cli_skeleton == "output":
            return skeleton_output(operation, params, args, secrets)
        return call(operation, params, args, secrets, query)
    finally:
        if debug is not None:
            stop_debug(debug)


def compile_query(expression: str | None) -> Any:
    if expression is None:
        return None
    import jmespath
    from jmespath.exceptions import JMESPathError

    try:
        return jmespath.compile(expression)
    except JMESPathError as exc:
        raise UsageError(f"--query: bad JMESPath expression: {exc}") from None


def skeleton_output(
    operation: Operation, params: dict[str, Any], args: argparse.Namespace, secrets: list[str]
) -> int:
    """The AWS CLI's `--generate-cli-skeleton output`: the inputs are checked, nothing is sent."""
    from .._validate import prepare_input
    from ..errors import ParamValidationError

    try:
        prepare_input(operation, params)
    except ParamValidationError as exc:
        return fail(str(exc), secrets, EXIT_USAGE, patterns=False)
    skel = skeleton(operation.output) if operation.output is not None else {}
    return show(operation, skel, args, None)


def make_client(args: argparse.Namespace) -> Any:
    import paws_compat

    config: dict[str, Any] = {}
    connect, read = setting(args, "--cli-connect-timeout"), setting(args, "--cli-read-timeout")
    for key, value, flag in (
        ("connect_timeout", connect, "--cli-connect-timeout"),
        ("timeout", read, "--cli-read-timeout"),
    ):
        if value is not None and value < 0:
            raise UsageError(f"{flag}: must be 0 (no timeout) or more seconds, got {value:g}")
        if value:
            config[key] = value
    if setting(args, "--no-verify-ssl"):
        config["verify"] = False
    elif setting(args, "--ca-bundle"):
        config["verify"] = setting(args, "--ca-bundle")
    if setting(args, "--profile"):
        config["profile"] = setting(args, "--profile")
    settings = paws_compat.Config.from_args(
        config, endpoint=setting(args, "--endpoint-url"), region=setting(args, "--region")
    )
    transport = None
    if connect == 0 or read == 0:
        transport = transport_without_timeouts(settings, connect == 0, read == 0)
    return paws_compat.Client(settings, transport=transport)


def fetch(client: Any, operation: Operation, params: dict[str, Any], args: argparse.Namespace) -> Any:
    """One call, or (a paginated operation, unless --no-paginate or --next-token) every page."""
    definition = paginator_definitions().get(operation.name)
    method = getattr(client, operation.method_name)
    if definition is None:
        return method(**params), None
    if setting(args, "--no-paginate") or params.get(definition.input_token) is not None:
        if args.page_size is not None and definition.limit_key:
            params[definition.limit_key] = args.page_size
        return method(**params), None
    page_size = args.page_size if args.page_size is not None else params.pop(definition.limit_key or "", None)
    run = client.get_paginator(operation.method_name).paginate(
        **params,
        PaginationConfig={
            k: v
            for k, v in (
                ("MaxItems", args.max_items),
                ("PageSize", page_size),
                ("StartingToken", args.starting_token),
            )
            if v is not None
        },
    )
    if setting(args, "--output") == "text":
        return None, run  # text prints page by page, as `aws` does
    return run.build_full_result(), None


def call(
    operation: Operation, params: dict[str, Any], args: argparse.Namespace, secrets: list[str], query: Any
) -> int:
    from ..errors import ConfigError, ParamValidationError, PawsCompatError, ServiceError

    log = logging.getLogger("paws_compat.cli")
    log.debug("paws-compat %s, Python %s", _version(), sys.version.split()[0])
    # Masked here, not only by --debug's filter: a log line never holds a token, whoever listens.
    log.debug("Calling %s with parameters %s", operation.name, hide(json.dumps(params, default=str), secrets))
    try:
        with make_client(args) as client:
            log.debug("Endpoint %s", client.endpoint.origin)
            result, pages = fetch(client, operation, params, args)
            if pages is not None:
                return show_text_pages(operation, pages, args, secrets, query)
    except UsageError as exc:
        return fail(str(exc), secrets, EXIT_USAGE, patterns=False)
    except ParamValidationError as exc:
        # Our validator never quotes a value; token-like patterns would garble its `Name: problem`.
        return fail(str(exc), secrets, EXIT_USAGE, patterns=False)
    except ConfigError as exc:
        return fail(str(exc), secrets, EXIT_CONFIG)
    except ServiceError as exc:
        message = (
            f"An error occurred ({exc.code or 'Unknown'}) when calling the {operation.name} operation "
            f"(HTTP {exc.status_code}): {exc.message}"
        )
        return fail(message, secrets, EXIT_SERVICE)
    except PawsCompatError as exc:
        return fail(f"{type(exc).__name__}: {exc}", secrets, EXIT_OTHER)
    except TypeError as exc:  # an unknown member in --cli-input-json slipped through
        return fail(str(exc), secrets, EXIT_USAGE)
    if log.isEnabledFor(logging.DEBUG):
        shown = masked(operation.output, result.to_dict(), "", {})
        log.debug("Response: %s", hide(json.dumps(shown, default=str), secrets))
    if setting(args, "--output") == "r" and query is None:
        # str() masks the result's secrets itself; its `Name: chr "..."` layout would fool mask().
        sys.stdout.write(hide(result.str(), secrets, patterns=False).rstrip("\n") + "\n")
        return EXIT_OK
    found: dict[str, str] = {}
    data = masked(operation.output, result.to_dict(), "", found)
    status = EXIT_OK
    if args.save_tokens and found:
        try:
            for path in save_tokens(args.save_tokens, found):
                print(f"saved a secret to {path}", file=sys.stderr)
        except OSError as exc:
            problem = f"cannot save secrets in {args.save_tokens}: {exc.strerror or exc}"
            status = fail(problem, secrets, EXIT_OTHER)
    shown = show(operation, data, args, query)
    return status or shown


def show(operation: Operation, data: Any, args: argparse.Namespace, query: Any) -> int:
    """Print `data` (secrets already masked) in the --output format, after --query."""
    if query is not None:
        data = query.search(data)
    form = setting(args, "--output")
    if form == "text":
        text = _output.as_text(data) if data is not None else ""
    elif form == "table":
        # As `aws`: --color auto colours for a terminal; a terminal gets the cells made safe first
        # (escapes cannot be made safe after the colours are in).
        tty = sys.stdout.isatty()
        color = {"on": True, "off": False}.get(setting(args, "--color"), tty)
        clean = _display_safe_text() if tty else None
        sys.stdout.write(_output.as_table(operation.name, data, _terminal_width(), color=color, clean=clean))
        return EXIT_OK
    elif form == "yaml":
        text = _output.as_yaml(data)
    elif form == "r" and query is None:
        text = _output.as_json(data)
    else:  # json, and r after a --query (no longer a result of the model's shape)
        text = _output.as_json(data) if data or data in ([], 0, False, "") else ""
    sys.stdout.write(_terminal_safe(text))
    return EXIT_OK


def show_text_pages(
    operation: Operation, run: Any, args: argparse.Namespace, secrets: list[str], query: Any
) -> int:
    """--output text of a paginated call: each page's items as it arrives, then the resume token."""
    definition = paginator_definitions()[operation.name]
    for number, page in enumerate(run):
        plain = page.to_dict()
        # The first page also carries the keys that are not aggregated (InitialContactId), as in `aws`.
        kept = definition.non_aggregate_keys if number == 0 else ()
        picked = {k: plain[k] for k in kept if k in plain} | {
            definition.result_key: plain.get(definition.result_key, [])
        }
        data = masked(operation.output, picked, "", {})
        sys.stdout.write(_terminal_safe(_output.as_text(query.search(data) if query else data)))
    if run.resume_token:
        sys.stdout.write(_output.as_text({"NextToken": {"NextToken": run.resume_token}}))
    return EXIT_OK


def _terminal_safe(text: str) -> str:
    """To a terminal, the service's text has its control characters shown as escapes (a pipe gets
    the AWS CLI's bytes)."""
    if not sys.stdout.isatty():
        return text
    from ._display import safe_text

    return "\n".join("\t".join(safe_text(cell) for cell in line.split("\t")) for line in text.split("\n"))


def _display_safe_text() -> Any:
    from ._display import safe_text

    return safe_text


def _terminal_width() -> int:
    try:
        return os.get_terminal_size(sys.stdout.fileno()).columns
    except (OSError, ValueError, AttributeError):
        return 80


def _version() -> str:
    from .. import __version__

    return __version__


def fail(message: str, secrets: list[str], status: int, *, patterns: bool = True) -> int:
    print(f"paws-compat connectparticipant: {hide(message, secrets, patterns)}", file=sys.stderr)
    return status

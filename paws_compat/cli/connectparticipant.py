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
import os
import sys
import textwrap
from collections.abc import Mapping
from typing import Any, NoReturn

from .._model import Member, Operation, Shape, load_model
from .._redact import MASK, is_sensitive, mask
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
        choices=["input"],
        help="print a JSON skeleton for --cli-input-json and exit",
    )
    common.add_argument(
        "--endpoint-url", metavar="URL", help="the service endpoint (e.g. the local emulator)"
    )
    common.add_argument("--region", help="the AWS Region (else AWS_REGION, then the profile)")
    common.add_argument(
        "--output",
        choices=["json", "r"],
        default="json",
        help="json (default) or r: the result as paws' str() prints it",
    )
    common.add_argument("--cli-connect-timeout", type=float, metavar="SECONDS", help="connect timeout")
    common.add_argument("--cli-read-timeout", type=float, metavar="SECONDS", help="read timeout")
    common.add_argument(
        "--save-tokens",
        metavar="DIR",
        help="write each secret of the result to DIR/<Member.Path> (mode 0600)",
    )
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


def skeleton(shape: Shape, depth: int = 0) -> Any:
    """A placeholder value of `shape` for --generate-cli-skeleton."""
    if shape.type == "structure":
        return {n: skeleton(m.shape, depth + 1) for n, m in shape.members.items()} if depth < 5 else {}
    if shape.type == "list":
        return [skeleton(shape.member, depth + 1)] if shape.member is not None else []
    if shape.type == "map":
        return {"KeyName": skeleton(shape.value, depth + 1) if shape.value is not None else ""}
    if shape.type == "boolean":
        return True
    if shape.type in ("integer", "long"):
        return 0
    if shape.type in ("double", "float"):
        return 0.0
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
    if args.generate_cli_skeleton:
        skel = skeleton(operation.input) if operation.input is not None else {}
        print(json.dumps(skel, indent=4))
        return EXIT_OK
    secrets: list[str] = []
    try:
        params = collect_params(operation, args, secrets)
    except UsageError as exc:
        return fail(str(exc), secrets, EXIT_USAGE)
    return call(operation, params, args, secrets)


def make_client(args: argparse.Namespace) -> Any:
    import paws_compat

    config: dict[str, Any] = {}
    if args.cli_connect_timeout is not None:
        config["connect_timeout"] = args.cli_connect_timeout
    if args.cli_read_timeout is not None:
        config["timeout"] = args.cli_read_timeout
    return paws_compat.connectparticipant(config=config, endpoint=args.endpoint_url, region=args.region)


def call(operation: Operation, params: dict[str, Any], args: argparse.Namespace, secrets: list[str]) -> int:
    from ..errors import ConfigError, ParamValidationError, PawsCompatError, ServiceError

    try:
        with make_client(args) as client:
            result = getattr(client, operation.method_name)(**params)
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
    if args.output == "r":
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
    if data:
        sys.stdout.write(json.dumps(data, indent=4, ensure_ascii=False) + "\n")
    return status


def fail(message: str, secrets: list[str], status: int, *, patterns: bool = True) -> int:
    print(f"paws-compat connectparticipant: {hide(message, secrets, patterns)}", file=sys.stderr)
    return status

"""`paws-compat emulator`: run the local chat service in the foreground until Ctrl-C."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal
import sys
from typing import Any


def register(subparsers: Any) -> argparse.ArgumentParser:
    """Add the `emulator` subcommand to the main parser's subparsers."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "emulator",
        help="run a local Amazon Connect chat service (connect + connectparticipant + websocket)",
        description="Run the local chat service. It binds loopback by default, prints its endpoint, "
        "logs each request (tokens masked) and stops cleanly on Ctrl-C.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1)")
    parser.add_argument(
        "--port", type=int, default=8999, help="port to bind; 0 picks a free one (default: 8999)"
    )
    from ..emulator._limits import add_arguments  # no aiohttp: the parser works without the extra

    add_arguments(parser)  # one option per field of the emulator's Limits, defaults from there
    parser.add_argument("--quiet", action="store_true", help="do not log each request")
    parser.set_defaults(func=run, parser=parser)
    return parser


def run(args: argparse.Namespace) -> int:
    """Serve until interrupted; returns the process exit code."""
    try:
        from paws_compat.emulator import Emulator
        from paws_compat.emulator.console import exposure_warning
    except ImportError as error:
        print(
            f"the emulator needs the 'emulator' extra: pip install 'paws-compat[emulator]' ({error})",
            file=sys.stderr,
        )
        return 2
    logging.basicConfig(
        level=logging.WARNING if args.quiet else logging.INFO,
        format="%(asctime)s %(message)s",
        stream=sys.stderr,
    )
    from paws_compat.emulator._limits import from_arguments

    try:
        limits = from_arguments(args)
    except ValueError as error:
        print(f"paws-compat emulator: {error}", file=sys.stderr)
        return 2
    emulator = Emulator(args.host, args.port, limits=limits)

    async def serve() -> None:
        try:
            await emulator.start()
        except OSError as error:
            raise SystemExit(f"cannot listen on {args.host}:{args.port}: {error.strerror or error}") from None
        bound = f"[{args.host}]" if ":" in args.host else args.host
        print(f"paws-compat emulator listening on http://{bound}:{emulator.port}", flush=True)
        warning = exposure_warning(args.host)  # the text the console shows too
        if warning is not None:
            print(f"  WARNING: {warning}", file=sys.stderr, flush=True)
        print(f"  endpoint for connect and connectparticipant clients: {emulator.endpoint}", flush=True)
        print(f"  console (open in a browser): {emulator.endpoint}/", flush=True)
        print(f"  control interface: {emulator.endpoint}/_emulator/health   (Ctrl-C to stop)", flush=True)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(signum, stop.set)
        try:
            await stop.wait()
        finally:
            await emulator.stop()
            print("paws-compat emulator stopped", flush=True)

    try:
        asyncio.run(serve())
    except KeyboardInterrupt:
        return 0
    except SystemExit as error:
        if isinstance(error.code, str):
            print(error.code, file=sys.stderr)
            return 1
        raise
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run only this subcommand (`python -m paws_compat.cli.emulator`)."""
    parser = argparse.ArgumentParser(prog="paws-compat")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["emulator", *(argv if argv is not None else sys.argv[1:])])
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())

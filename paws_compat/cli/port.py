"""`paws-compat port script.R [-o script.py]`: a paws script (R) as Python on paws_compat.

Exit status: 0 the port is complete; 1 some statements were carried over as `# UNPORTED`
comments (listed on standard error); 2 the script could not be read or parsed by R.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

EXIT_COMPLETE = 0
EXIT_INCOMPLETE = 1
EXIT_FAILED = 2


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "port",
        help="translate a paws script (R) into Python on paws_compat",
        description="Translate an R script that uses paws' connectparticipant into Python on "
        "paws_compat. R's own parser reads the script (through rpy2); a statement outside the "
        "supported set is carried over as '# UNPORTED' comments and listed on standard error.",
        epilog="Exit status: 0 complete port; 1 incomplete (statements carried over as comments); "
        "2 the script could not be read or parsed.",
    )
    parser.add_argument("script", help="the R script")
    parser.add_argument(
        "-o", "--output", metavar="FILE", help="write the Python here (default: standard output)"
    )
    parser.set_defaults(handler=run)


_NEEDS_R = "port needs R and the 'r' extra: pip install 'paws-compat[r]'"


def run(args: argparse.Namespace) -> int:
    try:
        from r_bridge.port import PortError, port_source, summary
    except ImportError as exc:  # rpy2 is an optional dependency (the "r" extra)
        print(f"paws-compat port: {_NEEDS_R} ({exc})", file=sys.stderr)
        return EXIT_FAILED
    try:
        with open(args.script, encoding="utf-8") as handle:
            source = handle.read()
    except (OSError, UnicodeDecodeError) as exc:
        print(f"paws-compat port: cannot read {args.script}: {exc}", file=sys.stderr)
        return EXIT_FAILED
    try:
        result = port_source(source, os.path.basename(args.script))
    except PortError as exc:
        print(f"paws-compat port: R cannot parse {args.script}: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except (ImportError, RuntimeError) as exc:  # no R, or rpy2 cannot start it
        print(f"paws-compat port: cannot start R through rpy2: {exc}; {_NEEDS_R}", file=sys.stderr)
        return EXIT_FAILED
    if args.output:
        try:
            with open(args.output, "w", encoding="utf-8") as handle:
                handle.write(result.code)
        except OSError as exc:
            print(f"paws-compat port: cannot write {args.output}: {exc.strerror or exc}", file=sys.stderr)
            return EXIT_FAILED
    else:
        sys.stdout.write(result.code)
        sys.stdout.flush()
    print(summary(result, args.script), file=sys.stderr)
    return EXIT_COMPLETE if result.complete else EXIT_INCOMPLETE

"""`python -m r_bridge.port script.R [-o script.py]`: the same as `paws-compat port`."""

from __future__ import annotations

import sys

from paws_compat.cli import main

if __name__ == "__main__":
    sys.exit(main(["port", *sys.argv[1:]]))

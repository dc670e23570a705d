"""The declared minimum versions of pyproject.toml's dependencies (and the emulator extra), as
`name==floor` lines: scripts/test installs them in a venv of their own and runs the core and chat
tests there, so every lower bound we declare is one the suite passes on."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import tomllib


def floors(pyproject: Path) -> list[str]:
    project = tomllib.loads(pyproject.read_text())["project"]
    specs = [*project["dependencies"], *project["optional-dependencies"]["emulator"]]
    pinned = []
    for spec in specs:
        match = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*>=\s*([0-9][^,;\s]*)", spec)
        if match is None:
            raise SystemExit(f"dependency without a declared floor: {spec!r}")
        pinned.append(f"{match.group(1)}=={match.group(2)}")
    return pinned


if __name__ == "__main__":
    print("\n".join(floors(Path(sys.argv[1] if len(sys.argv) > 1 else "pyproject.toml"))))

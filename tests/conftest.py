"""Suite-wide rules: which tests need R (reticulate or rpy2 on this Python) or a browser, and no
skipped test counted as passed.

`needs_r` and `needs_browser` mark those tests. The Python version matrix (scripts/test, with
PAWS_COMPAT_MATRIX=1) leaves them out: Debian's reticulate runs Python 3.10-3.11 only, and rpy2 and
Playwright are not installed there. The main step runs them all, and with PAWS_COMPAT_FAIL_ON_SKIP=1
a single skip fails the run.
"""

from __future__ import annotations

import functools
import os
import re
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent

NEEDS_R = (
    "r_bridge/*",
    "port/*",
    "demo/*",
    "chat/test_session_from_r.py",
    "cli/test_port_command.py",
)
NEEDS_BROWSER = (
    "test_browser_setup.py",
    "emulator/test_chatjs.py",
)

# Besides those paths, a test module that imports what only the R or browser side has (a new one
# need not be listed): its source naming one of these.
R_IMPORTS = re.compile(r"^\s*(from|import)\s+(rpy2|tests\.embedded_r)\b", re.M)
BROWSER_IMPORTS = re.compile(r"^\s*(from|import)\s+(playwright|tests\.browser)\b", re.M)

MATRIX = os.environ.get("PAWS_COMPAT_MATRIX") == "1"


def _matches(path: Path, patterns: tuple[str, ...]) -> bool:
    try:
        relative = path.resolve().relative_to(HERE)
    except ValueError:  # a test outside tests/
        return False
    return any(relative.match(pattern) for pattern in patterns)


@functools.cache
def _needs(path: Path) -> frozenset[str]:
    found = set()
    source = path.read_text(encoding="utf-8", errors="replace") if path.suffix == ".py" else ""
    if _matches(path, NEEDS_R) or R_IMPORTS.search(source):
        found.add("needs_r")
    if _matches(path, NEEDS_BROWSER) or BROWSER_IMPORTS.search(source):
        found.add("needs_browser")
    return frozenset(found)


def pytest_ignore_collect(collection_path: Path) -> bool | None:
    """In the matrix these are not even imported (their modules import rpy2 or Playwright)."""
    if MATRIX and collection_path.is_file() and _needs(collection_path):
        return True
    return None


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        for mark in sorted(_needs(item.path)):
            item.add_marker(getattr(pytest.mark, mark))


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if os.environ.get("PAWS_COMPAT_FAIL_ON_SKIP") != "1":
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter is not None else 0
    if skipped and session.exitstatus == 0:
        reporter.write_line(
            f"{skipped} test(s) skipped: a skip fails this run (PAWS_COMPAT_FAIL_ON_SKIP=1)", red=True
        )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_runtest_setup(item: pytest.Item) -> None:
    """A test that needs R on a Python R cannot load says so, instead of failing on something else."""
    if item.get_closest_marker("needs_r") is not None and sys.version_info >= (3, 12):
        pytest.fail(
            f"needs R through reticulate/rpy2, which cannot load Python {sys.version_info[0]}."
            f"{sys.version_info[1]}: Debian 12's reticulate 1.28 finds Python with a script that "
            "imports imp (removed in 3.12). Run it on Python 3.10-3.11 (the main venv).",
            pytrace=False,
        )

"""The emulator and the two ways of running a corpus script: R through our R front-end, and its port."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.embedded_r import pytest_itemcollected  # noqa: F401 - a pytest hook

ROOT = Path(__file__).resolve().parents[2]
CORPUS = Path(__file__).resolve().parent / "corpus"
RUN_TIMEOUT = 120

# The environment before any embedded R started: R rewrites LD_LIBRARY_PATH and R_* variables of
# its host process, and a Python child inheriting them loads Debian's libpython instead of ours.
_CLEAN_ENV = dict(os.environ)


@dataclass
class Run:
    status: int
    stdout: str
    stderr: str


def run_process(args: list[str], env: Mapping[str, str]) -> Run:
    full_env = dict(_CLEAN_ENV)
    full_env.update(env)
    # The ported code imports paws_compat and r_bridge.port_runtime from this checkout.
    full_env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), full_env.get("PYTHONPATH")]))
    proc = subprocess.run(
        args, env=full_env, capture_output=True, text=True, timeout=RUN_TIMEOUT, check=False, cwd=ROOT
    )
    return Run(proc.returncode, proc.stdout, proc.stderr)


def run_r(script: Path, env: Mapping[str, str]) -> Run:
    """The unchanged paws script on our R front-end (`python -m r_bridge.run`)."""
    return run_process([sys.executable, "-m", "r_bridge.run", str(script)], env)


def run_python(code_path: Path, env: Mapping[str, str]) -> Run:
    return run_process([sys.executable, str(code_path)], env)


@pytest.fixture(scope="module")
def emulator() -> Iterator[object]:
    from paws_compat.emulator import Emulator

    with Emulator() as emu:
        yield emu

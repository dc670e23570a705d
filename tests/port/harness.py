"""The differential harness: an R snippet in real R, its port in Python, and what differs.

R is the judge. A snippet runs under Rscript (or, when it uses paws, under `python -m r_bridge.run`,
which is Rscript with paws' clients resolved to paws_compat); its port runs in a fresh Python. Both
are subprocesses: R rewrites LD_LIBRARY_PATH in a process that embeds it, and a Python child
would then load Debian's libpython.

Standard output, standard error and the exit status are compared. The one thing normalised is
R's report of a fatal error: Rscript writes `Error in <call> : <message>`, then a `Calls:` line,
then `Execution halted`; a port writes `Error: <message>` and `Execution halted` (the deparsed
call is R's own text, not behaviour). The message itself must match.

Each snippet gets a verdict:
- `identical`: the port behaves as R does (a complete port, or one whose UNPORTED part is not
  reached);
- `unported`: running the port stops, flagged (status `UNPORTED_STATUS` and an UNPORTED line on
  standard error), at a statement carried over as UNPORTED or where a runtime helper meets a
  case it does not implement, having printed only a prefix of what R prints;
- `silent`: anything else. A silent difference is the one outcome the suite never accepts.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from r_bridge.port import PortError, PortResult, port_source
from r_bridge.port_runtime import UNPORTED_STATUS

ROOT = Path(__file__).resolve().parents[2]
RUN_TIMEOUT = 120
WORKERS = 4  # R start-up is mostly waiting on the disk: a few at a time, on 2 cores

# The environment before any R was embedded in this process (see the module docstring).
CLEAN_ENV = dict(os.environ)

IDENTICAL, UNPORTED, SILENT = "identical", "unported", "silent"
_SETUP_LOCK = threading.Lock()


@dataclass(frozen=True)
class Outcome:
    status: int
    stdout: str
    stderr: str


@dataclass
class Case:
    """One R program to compare; `env` is given to both runs, and `setup` (when set) is called
    before each run for more of it (a fresh chat on the emulator for each)."""

    name: str
    source: str
    env: Mapping[str, str] = field(default_factory=dict)
    setup: Callable[[], Mapping[str, str]] | None = None

    def run_env(self) -> dict[str, str]:
        if self.setup is None:
            return dict(self.env)
        with _SETUP_LOCK:  # runs come from several threads; the emulator is set up one at a time
            return {**self.env, **self.setup()}

    @property
    def uses_paws(self) -> bool:
        return "paws" in self.source or "connectparticipant" in self.source


@dataclass
class Verdict:
    case: Case
    verdict: str
    r: Outcome
    port: PortResult | None
    py: Outcome | None
    why: str = ""

    def explain(self) -> str:
        """Everything needed to see a difference, for an assertion message."""
        parts = [f"{self.case.name}: {self.verdict} ({self.why})", "--- R source", self.case.source]
        parts += ["--- R", _show(self.r)]
        if self.port is not None:
            parts += ["--- port", self.port.code]
        if self.py is not None:
            parts += ["--- Python", _show(self.py)]
        return "\n".join(parts)


def _show(outcome: Outcome) -> str:
    return f"status {outcome.status}\nstdout:\n{outcome.stdout}\nstderr:\n{outcome.stderr}"


def _env(extra: Mapping[str, str]) -> dict[str, str]:
    env = dict(CLEAN_ENV)
    env.update(extra)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), CLEAN_ENV.get("PYTHONPATH")]))
    env.setdefault("AWS_REGION", "us-east-1")
    env["LC_ALL"] = env["LANG"] = "C.UTF-8"
    return env


def _run(args: Sequence[str], env: Mapping[str, str], cwd: str) -> Outcome:
    try:
        proc = subprocess.run(
            list(args),
            env=_env(env),
            capture_output=True,
            text=True,
            timeout=RUN_TIMEOUT,
            check=False,
            cwd=cwd,
        )
    except subprocess.TimeoutExpired:
        return Outcome(-1, "", f"timed out after {RUN_TIMEOUT} s")
    return Outcome(proc.returncode, proc.stdout, proc.stderr)


def run_r(case: Case, workdir: Path) -> Outcome:
    script = workdir / f"{case.name}.R"
    script.write_text(case.source, encoding="utf-8")
    if case.uses_paws:
        args = [sys.executable, "-m", "r_bridge.run", str(script)]
    else:
        args = [shutil.which("Rscript") or "Rscript", str(script)]
    return _run(args, case.run_env(), str(workdir))


def run_python(case: Case, code: str, workdir: Path) -> Outcome:
    program = workdir / f"{case.name}.py"
    program.write_text(code, encoding="utf-8")
    return _run([sys.executable, str(program)], case.run_env(), str(workdir))


_R_ERROR = re.compile(r"^Error(?: in (?P<call>.*?))? ?: ?(?P<rest>.*)$")


def normalise(stderr: str) -> str:
    """R's fatal-error report without the call it names (`Error in f(x) :` -> `Error:`)."""
    if not stderr.endswith("Execution halted\n"):
        return stderr
    lines = stderr.splitlines()
    starts = [i for i, line in enumerate(lines) if _R_ERROR.match(line)]
    if not starts:
        return stderr
    at = starts[-1]
    first = _R_ERROR.match(lines[at]).group("rest")  # type: ignore[union-attr]
    message: list[str] = [first] if first else []
    rest = lines[at + 1 : -1]
    while rest and not rest[0].startswith(("Calls: ", "In addition: ")):
        line = rest.pop(0)
        message.append(line.removeprefix("  ") if not message else line)
    if rest and rest[0].startswith("Calls: "):
        rest.pop(0)
    out = [*lines[:at], "Error: " + "\n".join(message), *rest, "Execution halted"]
    return "\n".join(out) + "\n"


def judge(case: Case, r: Outcome, port: PortResult | None, py: Outcome | None) -> Verdict:
    if port is None or py is None:
        return Verdict(case, SILENT, r, port, py, "R could not be parsed by the porter")
    same = (py.stdout, normalise(py.stderr), py.status) == (r.stdout, normalise(r.stderr), r.status)
    if same:
        how = "" if port.complete else "incomplete, the unported part not reached"
        return Verdict(case, IDENTICAL, r, port, py, how)
    # Stopped where it would have to guess: a statement carried over as UNPORTED, or a runtime
    # helper meeting a case it does not implement. Flagged, so not silent, if what it printed
    # before stopping is what R prints.
    flagged = py.status == UNPORTED_STATUS and "UNPORTED" in py.stderr
    if flagged and r.stdout.startswith(py.stdout):
        reason = port.unported[0].reason if port.unported else py.stderr.strip().splitlines()[-1]
        return Verdict(case, UNPORTED, r, port, py, reason)
    if flagged:
        return Verdict(case, SILENT, r, port, py, "stopped, flagged, after printing what R does not")
    return Verdict(case, SILENT, r, port, py, "behaves differently from R")


def compare(cases: Iterable[Case]) -> list[Verdict]:
    """Every case in R and, ported, in Python (a few processes at a time); the verdicts in order."""
    cases = list(cases)
    ports: list[PortResult | None] = []
    for case in cases:  # the porter parses with this process's embedded R: one at a time
        try:
            ports.append(port_source(case.source, f"{case.name}.R"))
        except PortError:
            ports.append(None)
    with tempfile.TemporaryDirectory(prefix="paws-compat-harness-") as tmp:
        work = Path(tmp)

        def both(i: int) -> tuple[Outcome, Outcome | None]:
            own = work / str(i)
            own.mkdir()
            r = run_r(cases[i], own)
            result = ports[i]
            py_dir = work / f"{i}-py"
            py_dir.mkdir()
            return r, (run_python(cases[i], result.code, py_dir) if result is not None else None)

        with ThreadPoolExecutor(max_workers=WORKERS) as pool:
            runs = list(pool.map(both, range(len(cases))))
    return [judge(case, r, port, py) for case, port, (r, py) in zip(cases, ports, runs, strict=True)]


def load_cases(folder: Path) -> list[Case]:
    """`*.R` files of a folder as cases, named after the file."""
    return [Case(p.stem, p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.R"))]

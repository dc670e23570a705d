"""One port: the state it keeps while translating, and the assembly of the Python file."""

from __future__ import annotations

from paws_compat._model import load_model
from paws_compat._redact import mask

from . import closures, conditions, scopes, signals, statements
from .emit import (
    LINE_LIMIT,
)
from .result import PortResult, Unported
from .tree import parse_r
from .vocabulary import (
    PRINT,
    RUNTIME_MODULE,
    SERVICES,
)


class Porter:
    """The state of one port: what is known of the script's names and what the Python needs."""

    def __init__(self, source: str, filename: str = "<script>") -> None:
        self.source = source
        self.filename = filename
        self.lines = source.splitlines()
        # Each service's operations by paws' method name; `operations` is all of them (no name is
        # shared) and `service_of` says whose each is.
        self.service_operations = {
            service: {op.method_name: op for op in load_model(service).operations.values()}
            for service in SERVICES
        }
        self.service_of = {m: s for s, ops in self.service_operations.items() for m in ops}
        self.operations = {m: op for ops in self.service_operations.values() for m, op in ops.items()}
        self.unported: list[Unported] = []
        self.stdlib: set[str] = set()
        self.runtime: set[str] = set()
        self.errors: set[str] = set()
        self.uses_paws = False
        self.names: dict[str, str] = {}
        self.numeric: set[str] = set()  # variables known to hold numbers (loop counters)
        self.conditions: list[dict[str, str]] = [{}]  # R condition variables -> Python names
        self.functions: dict[str, bool] = {}  # user functions -> whether their value is visible
        self.maybe_invisible: set[str] = set()  # functions ending in a switch() that may give NULL
        # user functions -> their parameters' R names, and whether each has a default
        self.formals: dict[str, list[tuple[str, bool]]] = {}
        self.variables: set[str] = set()  # names assigned, parameters, loop variables
        self.mappings: set[str] = set()  # variables the script fills by name
        self.scalar_vars: dict[str, str] = {}  # R variables always holding one scalar of one kind
        self.assigned: set[str] = set()  # R names the script assigns anywhere
        # variables holding a client -> its service (None: clients of more than one service)
        self.clients: dict[str, str | None] = {}
        self.consumed: set[int] = set()
        self.hoisted = 0
        self.pending: list[list[str]] = []  # lines to put before the statement being translated
        self.indent = 0
        self.dots = False  # inside a function taking ...  # the indentation of the statement being translated
        self._error_classes = conditions.error_class_names()
        # The call R names in a warning or an error here (a Python expression; "None" at top
        # level, None where the port does not know it), and what needs it (signals.analyse).
        self.frame_call: str | None = "None"
        self.needs_call: set[str] = set()  # functions taking their call's text (r_call)
        self.warns: set[str] = set()  # functions that may warn
        self.calls_matter = False  # a try() prints errors, with their calls
        self.omissible: dict[str, set[str]] = {}  # function -> parameters a call may leave out
        self.absent: set[str] = set()  # those of the function being translated
        self.bound: set[str] = set()  # Python names of every variable the script assigns
        self.enclosing: list[set[str]] = []  # the R names local to each function being translated

    def port(self) -> PortResult:
        top, comments = parse_r(self.source, self.filename)
        scopes.declare_functions(self, top)
        scopes.infer_scalars(self, top)
        closures.analyse(self, top)
        signals.analyse(self, top)
        items = sorted(top + comments, key=lambda n: (n.line1, n.col1))
        body = statements.block_lines(self, items, 0, PRINT, every=True)
        head = [f"# Ported from {self.filename} by paws-compat port."]
        if self.lines and self.lines[0].startswith("#!"):
            head.insert(0, "#!/usr/bin/env python3")
        self.stdlib.add("sys")
        self.runtime.add("report_as_rscript")
        imports = [f"import {name}" for name in sorted(self.stdlib)]
        third = []
        if self.uses_paws:
            third.append("import paws_compat")
        if self.errors:
            third.append(f"from paws_compat.errors import {', '.join(sorted(self.errors))}")
        if self.runtime:
            names = sorted(self.runtime)
            line = f"from {RUNTIME_MODULE} import {', '.join(names)}"
            if len(line) <= LINE_LIMIT:
                third.append(line)
            else:
                third.extend([f"from {RUNTIME_MODULE} import (", *(f"    {n}," for n in names), ")"])
        blocks = [head]
        if imports:
            blocks.append(imports)
        if third:
            blocks.append(third)
        # An error ends the script as Rscript ends one (its message, "Execution halted", status 1).
        blocks.append(["sys.excepthook = report_as_rscript"])
        text = "\n\n".join("\n".join(b) for b in blocks)
        first_code = next((line for line in body if line and not line.startswith("#")), "")
        gap = "\n\n\n" if first_code.startswith("def ") else "\n\n"  # two blank lines before a function
        code = text + gap + "\n".join(body).rstrip() + "\n"
        return PortResult(code=code, unported=self.unported)


def port_source(source: str, filename: str = "<script>") -> PortResult:
    """Port the text of a paws script; raises PortError when R cannot parse it."""
    return Porter(source, filename).port()


def port_file(path: str) -> PortResult:
    with open(path, encoding="utf-8") as handle:
        source = handle.read()
    return port_source(source, path)


def summary(result: PortResult, filename: str) -> str:
    """What was not ported, one line each, for standard error."""
    if result.complete:
        return f"{filename}: ported completely"
    lines = [
        f"{filename}: {len(result.unported)} statement(s) not ported, carried over as '# UNPORTED' comments:"
    ]
    for item in result.unported:
        where = f"{item.line}" if item.line == item.end_line else f"{item.line}-{item.end_line}"
        lines.append(f"  line {where}: {item.reason}: {item.source}")
    return mask("\n".join(lines))  # tokens written in the statements quoted

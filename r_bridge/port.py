"""Port paws scripts (R) to Python on paws_compat.

R's own parser reads the script (`parse(keep.source = TRUE)` and `getParseData()`, through rpy2),
so the porter works on R's syntax tree, never on guessed text. Each statement is translated
whole; one that uses a construct outside the supported set is carried over as `# UNPORTED:`
comments holding its original lines, and listed in `PortResult.unported`, so a reader sees at
once what is left to do and a caller can tell a complete port from a partial one.

Python is emitted plainly where Python means the same thing (`x is None`, `os.environ.get`,
`time.sleep`, loops, `try`/`except`); R's formatting functions (`paste`, `cat`, `print`,
`sprintf`, `message`) and `length` come from `r_bridge.port_runtime`, which prints as R does.

Where R and Python differ and the porter cannot know the types, it follows paws scripts' usual
ways: vectors and unnamed lists become lists, named lists (and lists later filled by name) dicts;
`x$name` is `x["name"]` (a paws result has every member, so no KeyError), except under
`is.null()`, where it is `.get()`; `[[i]]` counts from 1 for numbers and is a key for strings
(decided at run time by `elt` when the porter cannot tell); arithmetic and comparisons are
scalar. A paws condition's classes are tests on our exceptions: `paws_error`/`http_error` is
`ServiceError`, `http_403` its status, `http_400` the status class, `error` any exception,
`paws_compat_<name>` our own classes (`paws_compat_transport_error`: `TransportError`).
"""

from __future__ import annotations

import contextlib
import keyword
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from paws_compat._model import load_model, snake_case
from paws_compat._redact import mask
from r_bridge import port_runtime

LINE_LIMIT = 100
RUNTIME_MODULE = "r_bridge.port_runtime"
PAWS_PACKAGES = frozenset({"paws", "paws.customer.engagement", "paws.compat"})
CLIENT_ARGS = ("config", "credentials", "endpoint", "region")

# Python operator precedence, low to high (only what the porter emits).
P_LAMBDA, P_IFELSE, P_OR, P_AND, P_NOT, P_CMP, P_ADD, P_MUL, P_UNARY, P_POW, P_ATOM = (
    0,
    1,
    2,
    3,
    4,
    5,
    10,
    11,
    12,
    13,
    16,
)

BINARY_OPS: dict[str, tuple[str, int]] = {
    "'+'": ("+", P_ADD),
    "'-'": ("-", P_ADD),
    "'*'": ("*", P_MUL),
    "'/'": ("/", P_MUL),
    "'^'": ("**", P_POW),
    "EQ": ("==", P_CMP),
    "NE": ("!=", P_CMP),
    "LT": ("<", P_CMP),
    "LE": ("<=", P_CMP),
    "GT": (">", P_CMP),
    "GE": (">=", P_CMP),
    "AND": ("and", P_AND),
    "AND2": ("and", P_AND),
    "OR": ("or", P_OR),
    "OR2": ("or", P_OR),
}
SPECIAL_OPS: dict[str, tuple[str, int]] = {"%%": ("%", P_MUL), "%/%": ("//", P_MUL), "%in%": ("in", P_CMP)}
ASSIGN_TOKENS = frozenset({"LEFT_ASSIGN", "EQ_ASSIGN", "RIGHT_ASSIGN"})

# Calls whose value R does not print at top level (they return invisibly or print themselves).
INVISIBLE_CALLS = frozenset(
    {
        "cat",
        "message",
        "print",
        "Sys.sleep",
        "invisible",
        "library",
        "require",
        "writeLines",
        "suppressMessages",
        "suppressPackageStartupMessages",
        "Sys.setenv",
        "stop",
        "quit",
        "q",
        "tryCatch",
        "try",
        "return",
    }
)

# Names the emitted code uses itself (Python's and the runtime's); an R variable with one of these
# names is renamed.
RESERVED = frozenset(port_runtime.__all__) | frozenset(
    {
        "os",
        "sys",
        "time",
        "math",
        "json",
        "paws_compat",
        "max",
        "min",
        "sum",
        "abs",
        "round",
        "range",
        "len",
        "str",
        "list",
        "int",
        "float",
        "isinstance",
        "Exception",
        "RuntimeError",
        "print",
        "reversed",
        "True",
        "False",
        "None",
    }
)


# R's built-in constants the runtime holds.
CONSTANTS = {"letters": "letters", "LETTERS": "LETTERS", "month.name": "month_name", "month.abb": "month_abb"}


class PortError(Exception):
    """The script cannot be ported at all (R could not parse it)."""


class Unsupported(Exception):
    """A construct outside the supported set; the statement holding it is carried over as comments."""

    def __init__(self, node: Node, what: str) -> None:
        super().__init__(what)
        self.node = node
        self.what = what


@dataclass
class Unported:
    """One statement carried over as comments: where, what it was, and why."""

    line: int
    end_line: int
    source: str
    reason: str


@dataclass
class PortResult:
    code: str
    unported: list[Unported]

    @property
    def complete(self) -> bool:
        return not self.unported


# ---- R's parse tree --------------------------------------------------------------------------


@dataclass(eq=False)
class Node:
    """One row of getParseData(), linked to its children in source order."""

    id: int
    token: str
    text: str
    line1: int
    col1: int
    line2: int
    col2: int
    value: str | None = None  # a STR_CONST's string, decoded by R
    children: list[Node] = field(default_factory=list)

    @property
    def kids(self) -> list[Node]:
        """The children that carry syntax (comments left out)."""
        return [k for k in self.children if k.token != "COMMENT"]

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            yield from child.walk()

    def only(self, token: str) -> bool:
        kids = self.kids
        return len(kids) == 1 and kids[0].token == token


_PARSE_R = r"""
function(src) {
  exprs <- tryCatch(parse(text = src, keep.source = TRUE, encoding = "UTF-8"), error = function(e) e)
  if (inherits(exprs, "error")) return(conditionMessage(exprs))
  d <- getParseData(exprs)
  if (is.null(d)) d <- data.frame(line1 = integer(), col1 = integer(), line2 = integer(),
                                  col2 = integer(), id = integer(), parent = integer(),
                                  token = character(), terminal = logical(), text = character())
  strings <- d$token == "STR_CONST"
  value <- rep("", nrow(d))
  if (any(strings)) {
    value[strings] <- vapply(getParseText(d, d$id[strings]), function(t) str2lang(t), "",
                             USE.NAMES = FALSE)
  }
  list(id = d$id, parent = d$parent, token = d$token, text = d$text, line1 = d$line1,
       col1 = d$col1, line2 = d$line2, col2 = d$col2, value = enc2utf8(value))
}
"""


def parse_r(source: str, filename: str = "<script>") -> tuple[list[Node], list[Node]]:
    """(top-level expressions, top-level comments) of an R script, from R's own parser."""
    from r_bridge.run import start_r

    start_r()
    import rpy2.rinterface as ri

    reply = ri.evalr(_PARSE_R)(ri.StrSexpVector([source]))
    if isinstance(reply, ri.StrSexpVector):
        # R quotes the offending lines: a token written in them is masked.
        raise PortError(mask(str(reply[0]).replace("<text>", filename)))
    columns = dict(zip(reply.names, reply, strict=True))
    nodes: dict[int, Node] = {}
    parents: dict[int, int] = {}
    for i, node_id in enumerate(columns["id"]):
        token = str(columns["token"][i])
        nodes[node_id] = Node(
            id=node_id,
            token=token,
            text=str(columns["text"][i]),
            line1=columns["line1"][i],
            col1=columns["col1"][i],
            line2=columns["line2"][i],
            col2=columns["col2"][i],
            value=str(columns["value"][i]) if token == "STR_CONST" else None,
        )
        parents[node_id] = columns["parent"][i]
    top: list[Node] = []
    comments: list[Node] = []
    for node_id, node in nodes.items():
        parent = parents[node_id]
        if parent > 0 and parent in nodes:
            nodes[parent].children.append(node)
        elif node.token == "COMMENT":
            comments.append(node)
        else:
            top.append(node)
    for node in nodes.values():
        node.children.sort(key=lambda n: (n.line1, n.col1))
    top.sort(key=lambda n: (n.line1, n.col1))
    comments.sort(key=lambda n: (n.line1, n.col1))
    return top, comments


# ---- Python expressions with a layout ---------------------------------------------------------


@dataclass
class Py:
    """A Python expression: its one-line text and precedence, and where it may break lines."""

    text: str
    prec: int = P_ATOM
    head: str = ""
    opener: str = ""
    items: list[tuple[str, Py]] | None = None
    closer: str = ""


def atom(text: str, prec: int = P_ATOM) -> Py:
    return Py(text, prec)


def bracketed(head: str, opener: str, items: list[tuple[str, Py]], closer: str) -> Py:
    flat = head + opener + ", ".join(prefix + value.text for prefix, value in items) + closer
    return Py(flat, P_ATOM, head, opener, items, closer)


def call(func: str, *args: Py, **kwargs: Py) -> Py:
    items = [("", a) for a in args] + [(f"{k}=", v) for k, v in kwargs.items()]
    return bracketed(func, "(", items, ")")


def infix(left: str, op: str, right: Py, prec: int) -> Py:
    """`left op right`; when too long it breaks inside right's last bracket, as formatters do."""
    text = f"{left} {op} {right.text}"
    if right.items is None or right.prec < prec + 1:
        return Py(text, prec)
    return Py(text, prec, f"{left} {op} {right.head}", right.opener, right.items, right.closer)


def wrap(py: Py, prec: int) -> str:
    """`py` as an operand needing at least precedence `prec`."""
    return py.text if py.prec >= prec else f"({py.text})"


def layout(lead: str, py: Py, trail: str, indent: int) -> list[str]:
    """`lead + py + trail` at `indent`, broken at brackets (as black/ruff would) when too long."""
    pad = " " * indent
    flat = pad + lead + py.text + trail
    if len(flat) <= LINE_LIMIT or not py.items:
        return [flat]
    first = pad + lead + py.head + py.opener
    inner = ", ".join(prefix + value.text for prefix, value in py.items)
    if len(pad) + 4 + len(inner) <= LINE_LIMIT and not any(v.items and "\n" in v.text for _, v in py.items):
        return [first, pad + "    " + inner, pad + py.closer + trail]
    lines = [first]
    # A lone argument split on its own gets no trailing comma (the formatters' right-hand split).
    comma = "" if len(py.items) == 1 and py.items[0][1].items and not py.items[0][0] else ","
    for prefix, value in py.items:
        lines.extend(layout(prefix, value, comma, indent + 4))
    lines.append(pad + py.closer + trail)
    return lines


def py_string(text: str) -> str:
    """A Python string literal, double-quoted as formatters write them."""
    # Double quotes, unless the text holds double quotes and no single ones (fewer escapes).
    quote = "'" if '"' in text and "'" not in text else '"'
    escapes = {"\\": "\\\\", quote: "\\" + quote, "\n": "\\n", "\r": "\\r", "\t": "\\t", "\0": "\\0"}
    out = []
    for ch in text:
        if ch in escapes:
            out.append(escapes[ch])
        elif not ch.isprintable():
            code = ord(ch)
            out.append(
                f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"
            )
        else:
            out.append(ch)
    return quote + "".join(out) + quote


# ---- the porter ------------------------------------------------------------------------------

# How a statement's value is used: discarded, auto-printed (R's top level), assigned, returned.
Tail = tuple[str, str]
DISCARD: Tail = ("discard", "")
PRINT: Tail = ("print", "")
RETURN: Tail = ("return", "")


def assign_to(target: str) -> Tail:
    return ("assign", target)


@dataclass
class Handler:
    classes: str  # an exception class expression
    predicate: str | None  # extra test on the caught exception, e.g. `e.status_code == 403`
    param: str
    body: Node | None  # the handler function's body, or None for a handler given by name
    function: Py | None = None


class Porter:
    """Translates one parsed script; `port()` gives the Python and the list of unported statements."""

    def __init__(self, source: str, filename: str = "<script>") -> None:
        self.source = source
        self.filename = filename
        self.lines = source.splitlines()
        self.model = load_model("connectparticipant")
        self.operations = {op.method_name: op for op in self.model.operations.values()}
        self.unported: list[Unported] = []
        self.stdlib: set[str] = set()
        self.runtime: set[str] = set()
        self.errors: set[str] = set()
        self.uses_paws = False
        self.names: dict[str, str] = {}
        self.numeric: set[str] = set()  # variables known to hold numbers (loop counters)
        self.conditions: list[dict[str, str]] = [{}]  # R condition variables -> Python names
        self.functions: dict[str, bool] = {}  # user functions -> whether their value is visible
        # user functions -> their parameters' R names, and whether each has a default
        self.formals: dict[str, list[tuple[str, bool]]] = {}
        self.variables: set[str] = set()  # names assigned, parameters, loop variables
        self.mappings: set[str] = set()  # variables the script fills by name
        self.scalar_vars: dict[str, str] = {}  # R variables always holding one scalar of one kind
        self.assigned: set[str] = set()  # R names the script assigns anywhere
        self.clients: set[str] = set()  # variables holding a connectparticipant client
        self.consumed: set[int] = set()
        self.hoisted = 0
        self.pending: list[list[str]] = []  # lines to put before the statement being translated
        self.indent = 0  # the indentation of the statement being translated
        self._error_classes = _error_class_names()

    # ---- whole script

    def port(self) -> PortResult:
        top, comments = parse_r(self.source, self.filename)
        self.declare_functions(top)
        self.infer_scalars(top)
        items = sorted(top + comments, key=lambda n: (n.line1, n.col1))
        body = self.block(items, 0, PRINT, every=True)
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

    def defines_function(self, node: Node) -> bool:
        kids = node.kids
        return (
            len(kids) == 3
            and kids[1].token in ASSIGN_TOKENS
            and bool(kids[2].kids)
            and kids[2].kids[0].token in ("FUNCTION", "'\\\\'")
        )

    def declare_functions(self, top: list[Node]) -> None:
        """Every `name <- function(...)` of the script, so a call may come before the definition;
        and every list filled by name (`x$k <- v`, `x[[key]] <- v`), which starts as a dict."""
        for root in top:
            for node in root.walk():
                kids = node.kids
                if len(kids) == 3 and kids[1].token in ASSIGN_TOKENS and kids[1].text != "->":
                    place = kids[0].kids
                    if (
                        len(place) >= 3
                        and place[0].only("SYMBOL")
                        and (
                            place[1].token == "'$'"
                            or (
                                place[1].token == "LBB"
                                and self.number_value(place[2]) is None
                                and not self.is_length_plus_one(place[2], place[0])
                            )
                        )
                    ):
                        self.mappings.add(self.name(place[0].kids[0]))
                if len(kids) == 3 and kids[1].token in ASSIGN_TOKENS and kids[1].text != "->":
                    value = kids[2]
                    if (
                        value.kids
                        and value.kids[0].token in ("FUNCTION", "'\\\\'")
                        and kids[0].only("SYMBOL")
                    ):
                        name = self.name(kids[0].kids[0])
                        self.functions.setdefault(name, True)
                        with contextlib.suppress(Unsupported):
                            self.formals[name] = [
                                (p, d is not None) for p, d in self.function_parts(value, raw=True)[0]
                            ]

    # ---- blocks and statements

    def block(self, items: list[Node], indent: int, tail: Tail, every: bool = False) -> list[str]:
        """Statements (and comments) of one block; `tail` applies to the last one, or to all (`every`)."""
        statements = [n for n in items if n.token not in ("COMMENT", "';'", "'{'", "'}'")]
        out: list[str] = []
        last_line_end: tuple[int, int] | None = None
        previous_def = False
        comment_lines: dict[int, int] = {}  # index in `out` of a standalone comment -> its R line
        for item in items:
            if item.token == "COMMENT":
                if item.id in self.consumed:
                    continue
                self.consumed.add(item.id)
                text = self.comment_text(item)
                if text is None:
                    continue
                if last_line_end is not None and item.line1 == last_line_end[0] and out:
                    out[-1] = out[-1] + "  " + text
                else:
                    previous = comment_lines.get(len(out) - 1) if out else None
                    gap_from = (
                        previous if previous is not None else (last_line_end[0] if last_line_end else None)
                    )
                    if out and gap_from is not None and item.line1 > gap_from + 1:
                        out.append("")
                    comment_lines[len(out)] = item.line1
                    out.append(" " * indent + text)
                continue
            if item.token in ("';'", "'{'", "'}'"):
                continue
            is_last = item is statements[-1]
            lines = self.statement(item, indent, tail if (every or is_last) else DISCARD)
            blank = 2 if indent == 0 else 1
            code_lines = [line for line in lines if line.strip() and not line.lstrip().startswith("#")]
            is_def = bool(code_lines) and code_lines[0].startswith(" " * indent + "def ")
            start = len(out)
            while start > 0 and out[start - 1].lstrip().startswith("#") and comment_lines.get(start - 1):
                start -= 1  # leading comments stay with their statement
            first_line = item.line1 if start == len(out) else comment_lines[start]
            if out and (is_def or previous_def):
                self.blank_lines(out, start, blank)
            elif out and last_line_end is not None and first_line > last_line_end[0] + 1:
                self.blank_lines(out, start, 1)  # keep the script's paragraphs
            out.extend(lines)
            previous_def = is_def and self.defines_function(item)
            last_line_end = (item.line2, item.col2)
        if not any(line.strip() and not line.strip().startswith("#") for line in out):
            out.append(" " * indent + "pass")
        return out

    @staticmethod
    def blank_lines(out: list[str], at: int, count: int) -> None:
        """Exactly `count` blank lines before out[at] (fewer where the block starts)."""
        before = at
        while before > 0 and out[before - 1] == "":
            before -= 1
        if before == 0:
            count = 0
        out[before:at] = [""] * count

    def comment_text(self, node: Node) -> str | None:
        if node.line1 == 1 and node.text.startswith("#!"):
            return None
        return node.text

    def statement(self, node: Node, indent: int, tail: Tail) -> list[str]:
        """One statement, or its original lines as UNPORTED comments."""
        saved_pending, self.pending = self.pending, []
        saved_indent, self.indent = self.indent, indent
        saved_consumed = set(self.consumed)
        try:
            lines = self.translate_statement(node, indent, tail)
        except Unsupported as exc:
            self.consumed = saved_consumed
            lines = self.carry_over(node, indent, exc)
        # Hoisted functions, each followed by the blank lines formatters put after a function.
        gap = [""] * (2 if indent == 0 else 1)
        pre = [line for chunk in self.pending for line in [*chunk, *gap]]
        self.pending = saved_pending
        self.indent = saved_indent
        # Comments inside the statement that no nested block placed go before it.
        stray = [c for c in node.walk() if c.token == "COMMENT" and c.id not in self.consumed]
        notes = []
        for comment in stray:
            self.consumed.add(comment.id)
            notes.append(" " * indent + comment.text)
        return notes + pre + lines

    def carry_over(self, node: Node, indent: int, exc: Unsupported) -> list[str]:
        pad = " " * indent
        original = self.lines[node.line1 - 1 : node.line2]
        for c in node.walk():
            if c.token == "COMMENT":
                self.consumed.add(c.id)
        self.unported.append(Unported(node.line1, node.line2, self.snippet(exc.node), exc.what))
        lines = [f"{pad}# UNPORTED ({self.filename}:{exc.node.line1}: {exc.what}):"]
        lines.extend(f"{pad}#     {text}" for text in original)
        # Running on past it would be guessing: the ported script stops here, flagged.
        self.runtime.add("unported")
        where = py_string(mask(f"{self.filename}:{exc.node.line1}"))
        lines.extend(layout("", call("unported", atom(where), atom(py_string(mask(exc.what)))), "", indent))
        return lines

    def snippet(self, node: Node) -> str:
        lines = self.lines[node.line1 - 1 : node.line2]
        if not lines:
            return ""
        if len(lines) == 1:
            return lines[0][node.col1 - 1 : node.col2]
        return lines[0][node.col1 - 1 :] + " ..."

    def translate_statement(self, node: Node, indent: int, tail: Tail) -> list[str]:
        pad = " " * indent
        kids = node.kids
        if (
            node.token in ("expr", "expr_or_assign_or_help", "equal_assign")
            and len(kids) == 3
            and (kids[1].token in ASSIGN_TOKENS)
        ):
            lines = self.assignment(node, indent)
            if tail[0] == "return" or tail[0] == "assign":
                # R gives the assigned value; a function ending in an assignment returns it invisibly.
                target = self.assigned_name(node)
                if target is not None and tail[0] == "assign":
                    lines.append(f"{pad}{tail[1]} = {target}")
            return lines
        first = kids[0] if kids else node
        if first.token == "IF":
            return self.if_statement(node, indent, tail)
        if first.token == "FOR":
            return self.for_statement(node, indent)
        if first.token == "WHILE":
            return self.loop(node, self.condition(kids[2]), kids[4], indent)
        if first.token == "REPEAT":
            return self.loop(node, atom("True"), kids[1], indent)
        if first.token == "'{'":
            return self.block(node.children[1:-1], indent, tail)
        if first.token == "'('" and len(kids) == 3:
            inner = kids[1]
            if tail == PRINT and len(inner.kids) == 3 and inner.kids[1].token in ASSIGN_TOKENS:
                # (x <- value): assigned, and visible
                lines = self.assignment(inner, indent)
                target = self.assigned_name(inner)
                if target is None:
                    raise Unsupported(node, "(x$a <- value) printed")
                self.runtime.add("rprint")
                return [*lines, f"{pad}rprint({target})"]
            if tail == PRINT:
                value = self.expr(inner)
                self.runtime.add("rprint")
                return layout("", call("rprint", value), "", indent)
            return self.translate_statement(inner, indent, tail)
        if node.only("NEXT") or node.token == "NEXT":
            return [pad + "continue"]
        if node.only("BREAK") or node.token == "BREAK":
            return [pad + "break"]
        name = self.call_name(node)
        if name is not None:
            special = self.statement_call(node, name, indent, tail)
            if special is not None:
                return special
        value = self.expr(node)
        if tail[0] == "assign":
            return layout(f"{tail[1]} = ", value, "", indent)
        if tail[0] == "return":
            return layout("return ", value, "", indent)
        if tail[0] == "print" and self.visible(node):
            self.runtime.add("rprint")
            return layout("", call("rprint", value), "", indent)
        return layout("", value, "", indent)

    def statement_call(self, node: Node, name: str, indent: int, tail: Tail) -> list[str] | None:
        """Calls that become Python statements; None for the others."""
        pad = " " * indent
        args = self.call_args(node)
        if name in (
            "library",
            "require",
            "requireNamespace",
            "suppressPackageStartupMessages",
            "suppressMessages",
        ):
            if name.startswith("suppress") and args:
                return self.translate_statement(args[0][1], indent, tail)
            package = args[0][1] if args else None
            package_name = self.package_name(package) if package is not None else None
            if package_name in PAWS_PACKAGES:
                return [f"{pad}# {self.snippet(node)}: paws_compat is imported above"]
            if package_name == "jsonlite":
                return [
                    f"{pad}# {self.snippet(node)}: the runtime's to_json/from_json write and read as it does"
                ]
            if package_name == "magrittr":
                return [f"{pad}# {self.snippet(node)}: its pipe is a plain call"]
            raise Unsupported(node, f"package {package_name or '?'} is not ported")
        if name == "tryCatch":
            return self.try_catch(node, args, indent, tail)
        if name == "try":
            return self.try_silent(node, args, indent)
        if name == "return":
            if not args:
                return [pad + "return"]
            return layout("return ", self.expr(args[0][1]), "", indent)
        if name == "stop":
            return layout("raise ", self.stop_value(node, args), "", indent)
        if name in ("quit", "q"):
            self.stdlib.add("sys")
            status = dict(args).get("status") or (args[1][1] if len(args) > 1 else None)
            return layout("", call("sys.exit", self.expr(status) if status else atom("0")), "", indent)
        if name == "Sys.setenv":
            lines = []
            self.stdlib.add("os")
            for key, value in args:
                if key is None:
                    raise Unsupported(node, "Sys.setenv() without names")
                lines.extend(layout(f"os.environ[{py_string(key)}] = ", self.expr(value), "", indent))
            return lines
        if name == "invisible" and len(args) == 1:
            return self.translate_statement(args[0][1], indent, DISCARD if tail == PRINT else tail)
        if name in ("lapply", "sapply", "vapply") and tail == DISCARD:
            return self.apply_loop(node, args, indent)
        return None

    def apply_loop(self, node: Node, args: list[tuple[str | None, Node]], indent: int) -> list[str] | None:
        """An apply run for its side effects (its value dropped) is a for loop."""
        named = {k: v for k, v in args if k is not None}
        positional = [v for k, v in args if k is None]
        items = named.get("X") or (positional[0] if positional else None)
        fn = named.get("FUN") or (positional[1] if len(positional) > 1 else None)
        extra = [k for k in named if k not in ("X", "FUN", "FUN.VALUE", "USE.NAMES", "simplify")]
        if items is None or fn is None or extra or len(positional) > 2 + (self.call_name(node) == "vapply"):
            return None
        if not (fn.kids and fn.kids[0].token in ("FUNCTION", "'\\\\'")):
            return None
        params, body = self.function_parts(fn)
        if len(params) != 1 or params[0][1] is not None:
            return None
        self.runtime.add("each")
        lines = layout(f"for {params[0][0]} in ", call("each", self.expr(items)), ":", indent)
        lines.extend(self.body_lines(body, indent + 4, DISCARD))
        return lines

    def assigned_name(self, node: Node) -> str | None:
        kids = node.kids
        target = kids[2] if kids[1].text == "->" else kids[0]
        if target.only("SYMBOL") or target.token == "SYMBOL":
            return self.name(target.kids[0] if target.kids else target)
        return None

    def assignment(self, node: Node, indent: int) -> list[str]:
        kids = node.kids
        op = kids[1]
        if op.text == "<<-" or op.text == "->>":
            raise Unsupported(node, f"'{op.text}' (assignment to an enclosing scope)")
        target, value = (kids[2], kids[0]) if op.text == "->" else (kids[0], kids[2])
        if target.only("SYMBOL") or target.only("STR_CONST"):
            leaf = target.kids[0]
            name = self.name(leaf) if leaf.token == "SYMBOL" else self.safe_name(leaf.value or "")
            self.numeric.discard(name)
            self.variables.add(name)
            vkids = value.kids
            if vkids and vkids[0].token in ("FUNCTION", "'\\\\'"):
                return self.function_def(name, value, indent)
            if self.call_name(value) == "tryCatch":
                return self.try_catch(value, self.call_args(value), indent, assign_to(name))
            if vkids and vkids[0].token == "IF":
                simple = self.conditional_expression(value)
                if simple is not None:
                    return layout(f"{name} = ", simple, "", indent)
                return self.if_statement(value, indent, assign_to(name))
            if self.is_numeric(value):
                self.numeric.add(name)
            if name in self.mappings and self.call_name(value) == "list" and not self.call_args(value):
                return [f"{' ' * indent}{name} = {{}}"]
            return layout(f"{name} = ", self.expr(value), "", indent)
        return self.replace_element(target, self.expr(value), indent)

    def replace_element(self, target: Node, value: Py, indent: int) -> list[str]:
        """`x$a[[k]] <- v`: x is rebound to a changed copy (`set_elt`), as R copies on modify, so
        another variable holding the old value never sees the change. NULL removes an element."""
        tkids = target.kids
        while len(tkids) == 1:
            target = tkids[0]
            tkids = target.kids
        if target.token == "SYMBOL":
            name = self.name(target)
            if self.condition_name(target) is not None or name in self.clients:
                raise Unsupported(target, f"changing {self.snippet(target)}")
            return layout(f"{name} = ", value, "", indent)
        if len(tkids) == 3 and tkids[1].token == "'$'":
            key: Py = atom(
                py_string((tkids[2].value if tkids[2].token == "STR_CONST" else tkids[2].text) or "")
            )
        elif len(tkids) == 5 and tkids[1].token == "LBB":
            key = self.expr(tkids[2])
        else:
            raise Unsupported(target, f"assignment to {self.snippet(target)}")
        self.runtime.add("set_elt")
        return self.replace_element(tkids[0], call("set_elt", self.place_value(tkids[0]), key, value), indent)

    def place_value(self, node: Node) -> Py:
        """The current value of an assignment's place (`x`, `x$a`, `x[[k]]`)."""
        while len(node.kids) == 1:
            node = node.kids[0]
        if node.token == "SYMBOL":
            return atom(self.name(node))
        return self.subscript(node)

    def is_length_plus_one(self, index: Node, base: Node) -> bool:
        k = index.kids
        if len(k) == 3 and k[1].token == "'+'" and self.number_value(k[2]) == 1.0:
            inner = k[0]
            if self.call_name(inner) == "length":
                args = self.call_args(inner)
                return len(args) == 1 and self.snippet(args[0][1]) == self.snippet(base)
        return False

    def function_def(self, name: str, fn: Node, indent: int) -> list[str]:
        params, body = self.function_parts(fn)
        pad = " " * indent
        signature = []
        prologue: list[str] = []
        for param, default in params:
            if default is None:
                signature.append(param)
            elif self.is_constant(default):
                signature.append(f"{param}={self.expr(default).text}")
            else:
                # R evaluates a default lazily, on first use; Python at definition: defer it.
                signature.append(f"{param}=None")
                prologue.extend(
                    [
                        f"{pad}    if {param} is None:",
                        *layout(f"{param} = ", self.expr(default), "", indent + 8),
                    ]
                )
        self.functions[name] = self.visible_body(body)
        saved = set(self.numeric)
        lines = [f"{pad}def {name}({', '.join(signature)}):", *prologue]
        items = body.children[1:-1] if body.kids and body.kids[0].token == "'{'" else [body]
        lines.extend(self.function_statements(items, indent + 4))
        self.numeric = saved
        return lines

    def function_parts(self, fn: Node, raw: bool = False) -> tuple[list[tuple[str, Node | None]], Node]:
        """(parameters with their defaults, body); parameter names as Python names, or R's (`raw`)."""
        kids = fn.kids
        params: list[tuple[str, Node | None]] = []
        i = 2
        while kids[i].token != "')'":
            tok = kids[i]
            if tok.token == "SYMBOL_FORMALS":
                if tok.text == "...":
                    raise Unsupported(fn, "'...' arguments")
                param = tok.text if raw else self.name(tok)
                if not raw:
                    self.variables.add(param)
                default = None
                if kids[i + 1].token == "EQ_FORMALS":
                    default = kids[i + 2]
                    i += 2
                params.append((param, default))
            i += 1
        return params, kids[i + 1]

    def function_statements(self, items: list[Node], indent: int) -> list[str]:
        """A function's body; `on.exit(expr)` runs expr however the rest ends: try/finally."""
        pad = " " * indent
        for position, item in enumerate(items):
            if item.token != "COMMENT" and self.call_name(item) == "on.exit":
                args = self.call_args(item)
                if len(args) != 1 or args[0][0] not in (None, "expr"):
                    raise Unsupported(item, "on.exit() with add/after arguments")
                before = items[:position]
                lines = self.block(before, indent, DISCARD) if self.has_statements(before) else []
                after = items[position + 1 :]
                lines.append(f"{pad}try:")
                if self.has_statements(after):
                    lines.extend(self.function_statements(after, indent + 4))
                else:
                    lines.append(f"{pad}    pass")
                lines.append(f"{pad}finally:")
                lines.extend(self.body_lines(args[0][1], indent + 4, DISCARD))
                return lines
        return self.block(items, indent, RETURN)

    @staticmethod
    def has_statements(items: list[Node]) -> bool:
        return any(n.token not in ("COMMENT", "';'") for n in items)

    def body_lines(self, body: Node, indent: int, tail: Tail) -> list[str]:
        if body.kids and body.kids[0].token == "'{'":
            return self.block(body.children[1:-1], indent, tail)
        return self.block([body], indent, tail)

    def body_items(self, body: Node) -> list[Node]:
        if body.kids and body.kids[0].token == "'{'":
            return [n for n in body.children[1:-1] if n.token not in ("COMMENT", "';'")]
        return [body]

    def if_statement(self, node: Node, indent: int, tail: Tail, keyword_: str = "if") -> list[str]:
        kids = node.kids
        pad = " " * indent
        lines = layout(f"{keyword_} ", self.condition(kids[2]), ":", indent)
        lines.extend(self.body_lines(kids[4], indent + 4, tail))
        if len(kids) > 5:
            other = kids[6]
            if other.kids and other.kids[0].token == "IF":
                lines.extend(self.if_statement(other, indent, tail, "elif"))
            else:
                lines.append(f"{pad}else:")
                lines.extend(self.body_lines(other, indent + 4, tail))
        elif tail[0] == "assign":
            # R's `x <- if (c) v` gives NULL when c is false.
            lines.extend([f"{pad}else:", f"{pad}    {tail[1]} = None"])
        return lines

    def conditional_expression(self, node: Node) -> Py | None:
        """`if (c) a else b` with one plain expression per branch, as `a if c else b`."""
        kids = node.kids
        if len(kids) != 7:
            return None
        branches = [self.body_items(kids[4]), self.body_items(kids[6])]
        if any(len(b) != 1 or not self.is_plain_expression(b[0]) for b in branches):
            return None
        yes, no = self.expr(branches[0][0]), self.expr(branches[1][0])
        cond = self.condition(kids[2])
        return atom(f"{wrap(yes, P_OR)} if {wrap(cond, P_OR)} else {wrap(no, P_IFELSE)}", P_IFELSE)

    def is_plain_expression(self, node: Node) -> bool:
        kids = node.kids
        if not kids:
            return True
        if kids[0].token in ("IF", "FOR", "WHILE", "REPEAT", "'{'", "FUNCTION"):
            return False
        if len(kids) == 3 and kids[1].token in ASSIGN_TOKENS:
            return False
        name = self.call_name(node)
        return name not in ("tryCatch", "try", "stop", "return", "library", "quit", "q", "Sys.setenv")

    def for_statement(self, node: Node, indent: int) -> list[str]:
        kids = node.kids
        cond = kids[1].kids  # '(' SYMBOL IN expr ')'
        var = self.name(cond[1])
        self.variables.add(var)
        iterable = self.iteration(cond[3])
        if iterable.text.startswith("range("):
            self.numeric.add(var)
        lines = layout(f"for {var} in ", iterable, ":", indent)
        lines.extend(self.body_lines(kids[2], indent + 4, DISCARD))
        return lines

    def iteration(self, node: Node) -> Py:
        """What a for loop walks: seq_along/seq_len/`a:b` become ranges."""
        name = self.call_name(node)
        kids = node.kids
        if name in ("seq_along", "seq_len"):
            args = self.call_args(node)
            if len(args) != 1:
                raise Unsupported(node, f"{name}() with {len(args)} arguments")
            if name == "seq_along":
                self.runtime.add("length")
                bound = atom(f"length({self.expr(args[0][1]).text}) + 1", P_ADD)
            else:
                bound = self.plus_one(args[0][1])
            return call("range", atom("1"), bound)
        constant_ends = len(kids) == 3 and all(self.number_value(kids[i]) is not None for i in (0, 2))
        if constant_ends and kids[1].token == "':'":
            return self.colon_range(node, kids[0], kids[2])
        # A named list's values, a string once, NULL never: what R walks.
        self.runtime.add("each")
        return call("each", self.expr(node))

    def colon_range(self, node: Node, left: Node, right: Node) -> Py:
        """`a:b` with constant ends; R counts down when b < a (`1:length(x)` is 1 0 for an
        empty x), so ends known only when it runs are not ported."""
        start, end = self.number_value(left), self.number_value(right)
        if start is None or end is None:
            raise Unsupported(
                node,
                "a:b with an end known only when it runs (R counts down when b < a: use seq_len())",
            )
        if not (start.is_integer() and end.is_integer()):
            raise Unsupported(node, "a:b with fractional ends")
        first, last = int(start), int(end)
        if last >= first:
            return call("range", atom(str(first)), atom(str(last + 1)))
        return call("range", atom(str(first)), atom(str(last - 1)), atom("-1"))

    def plus_one(self, node: Node) -> Py:
        number = self.number_value(node)
        if number is not None and number.is_integer():
            return atom(str(int(number) + 1))
        value = self.expr(node)
        if self.is_numeric(node) or self.call_name(node) == "length":
            return atom(f"{wrap(value, P_ADD)} + 1", P_ADD)
        return atom(f"int({value.text}) + 1", P_ADD)

    def loop(self, node: Node, cond: Py, body: Node, indent: int) -> list[str]:
        lines = layout("while ", cond, ":", indent)
        lines.extend(self.body_lines(body, indent + 4, DISCARD))
        return lines

    # ---- tryCatch

    def try_catch(
        self, node: Node, args: list[tuple[str | None, Node]], indent: int, tail: Tail
    ) -> list[str]:
        pad = " " * indent
        body: Node | None = None
        final: Node | None = None
        handlers: list[Handler] = []
        for key, value in args:
            if key is None or key == "expr":
                if body is not None:
                    raise Unsupported(node, "tryCatch() with two expressions")
                body = value
            elif key == "finally":
                final = value
            else:
                handlers.append(self.handler(node, key, value))
        lines = [f"{pad}try:"]
        lines.extend(self.body_lines(body, indent + 4, tail) if body is not None else [f"{pad}    pass"])
        lines.extend(self.except_clauses(handlers, indent, tail))
        if final is not None:
            lines.append(f"{pad}finally:")
            lines.extend(self.body_lines(final, indent + 4, DISCARD))
        if not handlers and final is None:
            lines.extend([f"{pad}finally:", f"{pad}    pass"])
        return lines

    def handler(self, node: Node, condition_class: str, value: Node) -> Handler:
        classes, predicate = self.condition_test(node, condition_class, "{e}")
        vkids = value.kids
        if vkids and vkids[0].token in ("FUNCTION", "'\\\\'"):
            params, body = self.function_parts(value)
            if len(params) != 1:
                raise Unsupported(value, "a condition handler with other than one argument")
            return Handler(classes, predicate, params[0][0], body)
        return Handler(classes, predicate, "e", None, self.expr(value))

    def condition_test(self, node: Node, condition_class: str, var: str) -> tuple[str, str | None]:
        """A paws condition class as (Python exception class, extra test on `var`)."""
        if condition_class in ("error", "condition", "simpleError"):
            return "Exception", None
        if condition_class in ("paws_error", "http_error"):
            self.errors.add("ServiceError")
            return "ServiceError", None
        if condition_class.startswith("http_") and condition_class[5:].isdigit():
            status = int(condition_class[5:])
            self.errors.add("ServiceError")
            if status % 100 == 0:
                return "ServiceError", f"{var}.status_code // 100 == {status // 100}"
            return "ServiceError", f"{var}.status_code == {status}"
        python = self._error_classes.get(condition_class)
        if python is not None:
            self.errors.add(python)
            return python, None
        raise Unsupported(node, f"a handler for {condition_class!r} conditions")

    def except_clauses(self, handlers: list[Handler], indent: int, tail: Tail) -> list[str]:
        pad = " " * indent
        if not handlers:
            return []
        if all(h.predicate is None for h in handlers):
            lines = []
            for h in handlers:
                var = h.param
                lines.append(f"{pad}except {h.classes} as {var}:")
                lines.extend(self.handler_body(h, var, indent + 4, tail))
                if h.classes == "Exception":
                    break  # later handlers can never run
            return lines
        var = handlers[0].param
        lines = [f"{pad}except Exception as {var}:"]
        keyword_ = "if"
        for h in handlers:
            tests = [] if h.classes == "Exception" else [f"isinstance({var}, {h.classes})"]
            if h.predicate:
                tests.append(h.predicate.format(e=var))
            if not tests:
                lines.append(f"{pad}    else:")
                lines.extend(self.handler_body(h, var, indent + 8, tail))
                return lines
            lines.append(f"{pad}    {keyword_} {' and '.join(tests)}:")
            lines.extend(self.handler_body(h, var, indent + 8, tail))
            keyword_ = "elif"
        lines.extend([f"{pad}    else:", f"{pad}        raise"])
        return lines

    def handler_body(self, h: Handler, var: str, indent: int, tail: Tail) -> list[str]:
        if h.body is None:
            assert h.function is not None
            value = atom(f"{h.function.text}({var})")
            if tail[0] == "assign":
                return layout(f"{tail[1]} = ", value, "", indent)
            return layout("return " if tail[0] == "return" else "", value, "", indent)
        self.conditions.append({h.param: var})
        try:
            return self.body_lines(h.body, indent, tail)
        finally:
            self.conditions.pop()

    def try_silent(self, node: Node, args: list[tuple[str | None, Node]], indent: int) -> list[str]:
        pad = " " * indent
        named = {k: v for k, v in args if k is not None}
        silent = named.get("silent")
        if silent is None or self.snippet(silent) not in ("TRUE", "T"):
            raise Unsupported(node, "try() without silent = TRUE (its error printout)")
        body = next((v for k, v in args if k is None or k == "expr"), None)
        if body is None:
            raise Unsupported(node, "try() without an expression")
        return [
            f"{pad}try:",
            *self.body_lines(body, indent + 4, DISCARD),
            f"{pad}except Exception:",
            f"{pad}    pass",
        ]

    def stop_value(self, node: Node, args: list[tuple[str | None, Node]]) -> Py:
        positional = [v for k, v in args if k is None]
        if any(k not in (None, "call.") for k, _ in args):
            raise Unsupported(node, "stop() with named arguments")
        if len(positional) == 1 and self.condition_name(positional[0]) is not None:
            return atom(self.condition_name(positional[0]) or "")
        if len(positional) == 1 and positional[0].only("STR_CONST"):
            self.runtime.add("RError")
            return call("RError", self.expr(positional[0]))
        self.runtime.update(("paste0", "RError"))
        return call("RError", call("paste0", *[self.expr(v) for v in positional]))

    # ---- expressions

    def expr(self, node: Node) -> Py:
        kids = node.kids
        if node.token == "SYMBOL":
            return self.symbol(node)
        if node.token in ("STR_CONST", "NUM_CONST", "NULL_CONST"):
            return self.constant(node)
        if not kids:
            raise Unsupported(node, f"{node.token}")
        if len(kids) == 1:
            only = kids[0]
            if only.token in ("SYMBOL", "STR_CONST", "NUM_CONST", "NULL_CONST"):
                return self.expr(only)
            if only.token in ("NEXT", "BREAK"):
                raise Unsupported(node, f"'{only.text}' inside an expression")
            return self.expr(only)
        first = kids[0]
        if first.token == "'('" and len(kids) == 3:
            return self.expr(kids[1])
        if first.token in ("'-'", "'+'", "'!'") and len(kids) == 2:
            return self.unary(node, first.token, kids[1])
        if first.token in ("FUNCTION", "'\\\\'"):
            return self.anonymous_function(node)
        if first.token == "IF":
            simple = self.conditional_expression(node)
            if simple is None:
                raise Unsupported(node, "if/else used as a value with more than one statement")
            return simple
        if first.token in ("FOR", "WHILE", "REPEAT", "'{'"):
            raise Unsupported(node, f"'{first.text}' used as a value")
        if len(kids) >= 3 and kids[1].token in ("'$'", "LBB"):
            return self.subscript(node)
        if len(kids) >= 3 and kids[1].token == "'['":
            raise Unsupported(node, "single-bracket indexing x[i]")
        if len(kids) >= 3 and kids[1].token == "'('":
            return self.call_expr(node)
        if len(kids) == 3:
            return self.binary(node, kids[0], kids[1], kids[2])
        raise Unsupported(node, f"the construct '{self.snippet(node)}'")

    def symbol(self, node: Node) -> Py:
        text = node.text
        if text in ("T", "TRUE"):
            return atom("True")
        if text in ("F", "FALSE"):
            return atom("False")
        if text == "pi":
            self.stdlib.add("math")
            return atom("math.pi")
        for scope in reversed(self.conditions):
            if text in scope:
                return atom(scope[text])
        if text in CONSTANTS and text not in self.assigned:
            self.runtime.add(CONSTANTS[text])
            return atom(CONSTANTS[text])
        return atom(self.name(node))

    def constant(self, node: Node) -> Py:
        if node.token == "NULL_CONST":
            return atom("None")
        if node.token == "STR_CONST":
            return atom(py_string(node.value or ""))
        text = node.text
        if text == "TRUE":
            return atom("True")
        if text == "FALSE":
            return atom("False")
        if text in ("Inf", "NaN"):
            self.stdlib.add("math")
            return atom("math.inf" if text == "Inf" else "math.nan")
        number = self.number_value(node)
        if number is None:
            raise Unsupported(node, f"the constant {text}")
        if number.is_integer() and abs(number) < 1e15:
            return atom(str(int(number)))
        return atom(repr(number))

    def number_value(self, node: Node) -> float | None:
        """A NUM_CONST's value; None for anything else (NA, complex numbers, expressions)."""
        while node.token != "NUM_CONST" and len(node.kids) == 1:
            node = node.kids[0]
        if node.token != "NUM_CONST":
            return None
        text = node.text.removesuffix("L")
        try:
            if text.lower().startswith("0x"):
                return float(int(text, 16))
            return float(text)
        except ValueError:
            return None

    def is_constant(self, node: Node) -> bool:
        leaf = node.kids[0] if len(node.kids) == 1 else node
        if leaf.token in ("STR_CONST", "NULL_CONST"):
            return True
        return leaf.token == "NUM_CONST" and (
            self.number_value(leaf) is not None or leaf.text in ("TRUE", "FALSE")
        )

    def is_numeric(self, node: Node) -> bool:
        if self.number_value(node) is not None:
            return True
        kids = node.kids
        if len(kids) == 1 and kids[0].token == "SYMBOL":
            return self.name(kids[0]) in self.numeric
        if len(kids) == 3 and kids[1].token in ("'+'", "'-'", "'*'", "'/'", "'^'", "SPECIAL"):
            return self.is_numeric(kids[0]) and self.is_numeric(kids[2])
        return self.call_name(node) in ("length", "nchar", "as.numeric", "as.integer")

    def kind(self, node: Node) -> str | None:
        """ "number", "string" or "logical" when `node` is certainly one R scalar of that kind
        (never NULL, never of another length); None when only running it can tell."""
        kids = node.kids
        while len(kids) == 1:
            node = kids[0]
            kids = node.kids
        if node.token == "STR_CONST":
            return "string"
        if node.token == "NUM_CONST":
            if node.text in ("TRUE", "FALSE"):
                return "logical"
            return "number" if self.number_value(node) is not None else None
        if node.token == "SYMBOL":
            if node.text in ("TRUE", "FALSE", "T", "F") and node.text not in self.assigned:
                return "logical"
            return self.scalar_vars.get(node.text)
        if len(kids) == 3 and kids[0].token == "'('":
            return self.kind(kids[1])
        if len(kids) == 2 and kids[0].token == "'!'":
            return "logical" if self.kind(kids[1]) == "logical" else None
        if len(kids) == 2 and kids[0].token in ("'-'", "'+'"):
            return "number" if self.kind(kids[1]) == "number" else None
        if len(kids) == 3 and kids[1].token in ("AND2", "OR2"):
            return "logical"
        if len(kids) == 3 and (kids[1].token in BINARY_OPS or kids[1].token == "SPECIAL"):
            op = kids[1]
            left, right = self.kind(kids[0]), self.kind(kids[2])
            if op.token == "SPECIAL" and op.text == "%in%":
                return "logical" if left is not None else None
            if op.token in ("'+'", "'-'", "'*'", "'/'", "'^'") or op.text in ("%%", "%/%"):
                return "number" if left == right == "number" else None
            if op.token in ("EQ", "NE", "LT", "LE", "GT", "GE", "AND", "OR"):
                return "logical" if left is not None and right is not None else None
            return None
        name = self.call_name(node)
        if name is None or self.call_package(node) not in (None, "base"):
            return None
        if self.safe_name(name) in self.functions:
            return None
        args = self.call_args(node)
        scalar_args = all(self.kind(v) is not None for _, v in args)
        if name in ("is.null", "isTRUE", "isFALSE", "identical", "inherits", "is.function", "exists"):
            return "logical"
        if name in ("length",):
            return "number"
        if name in ("nchar",) and scalar_args and len(args) == 1:
            return "number"
        if name in ("nzchar", "startsWith", "endsWith") and scalar_args:
            return "logical"
        if name in ("paste", "paste0") and any(k == "collapse" for k, _ in args):
            return "string"
        if name in ("paste", "paste0", "sprintf", "toupper", "tolower", "trimws", "as.character") and (
            scalar_args and args
        ):
            return "string"
        if name == "Sys.getenv" and len(args) >= 1 and scalar_args:
            return "string"
        if name == "conditionMessage":
            return "string"
        return None

    def infer_scalars(self, top: list[Node]) -> None:
        """R variables that hold one scalar of one kind wherever the script assigns them."""
        assignments: dict[str, list[Node | str]] = {}
        for root in top:
            for node in root.walk():
                kids = node.kids
                if len(kids) == 3 and kids[1].token in ASSIGN_TOKENS:
                    target, value = (
                        (kids[2], kids[0]) if kids[1].text in ("->", "->>") else (kids[0], kids[2])
                    )
                    if target.only("SYMBOL"):
                        if self.call_name(value) == "connectparticipant":
                            self.clients.add(self.safe_name(target.kids[0].text))
                        assignments.setdefault(target.kids[0].text, []).append(value)
                        self.assigned.add(target.kids[0].text)
                    elif target.token == "SYMBOL":
                        self.assigned.add(target.text)
                elif kids and kids[0].token == "FOR":
                    cond = kids[1].kids
                    seq = cond[3]
                    name = self.call_name(seq)
                    ranged = name in ("seq_along", "seq_len") or (
                        len(seq.kids) == 3 and seq.kids[1].token == "':'"
                    )
                    assignments.setdefault(cond[1].text, []).append("number" if ranged else "?")
                    self.assigned.add(cond[1].text)
                elif node.token in ("SYMBOL_FORMALS",):
                    assignments.setdefault(node.text, []).append("?")
                    self.assigned.add(node.text)
        changed = True
        while changed:  # a variable's kind may depend on another's: until nothing changes
            changed = False
            for var, values in assignments.items():
                kinds = {v if isinstance(v, str) else self.kind(v) for v in values}
                found = next(iter(kinds)) if len(kinds) == 1 else None
                found = found if found in ("number", "string", "logical") else None
                if self.scalar_vars.get(var) != found:
                    if found is None:
                        self.scalar_vars.pop(var, None)
                    else:
                        self.scalar_vars[var] = found
                    changed = True

    def unary(self, node: Node, token: str, operand: Node) -> Py:
        value = self.expr(operand)
        if token == "'!'":
            if self.kind(operand) == "logical":
                return atom(f"not {wrap(value, P_NOT)}", P_NOT)
            self.runtime.add("not_")
            return call("not_", value)
        if token == "'+'":
            return value
        if self.kind(operand) == "number":
            return atom(f"-{wrap(value, P_UNARY)}", P_UNARY)
        self.runtime.add("neg")
        return call("neg", value)

    def binary(self, node: Node, left: Node, op: Node, right: Node) -> Py:
        """Python's operator where both sides are known scalars of one kind, else R's at run time
        (element by element, recycling, NULL giving a zero-length result)."""
        if op.token == "PIPE":
            return self.pipe(node, left, right)
        if op.token == "SPECIAL" and op.text == "%>%":
            return self.magrittr(node, left, right)
        if op.token == "':'":
            self.runtime.add("colon")
            return call("colon", self.expr(left), self.expr(right))
        if op.token == "SPECIAL" and op.text == "%in%":
            self.runtime.add("in_")
            return call("in_", self.expr(left), self.expr(right))
        r_op = op.text
        if op.token in ("AND2", "OR2"):
            word = "and" if op.token == "AND2" else "or"
            prec = P_AND if word == "and" else P_OR
            sides = [self.test(left), self.test(right)]
            return infix(wrap(sides[0], prec), word, sides[1], prec)
        if op.token in ("AND", "OR"):
            if self.kind(left) == self.kind(right) == "logical":
                word = "and" if op.token == "AND" else "or"
                prec = P_AND if word == "and" else P_OR
                return atom(f"{wrap(self.expr(left), prec)} {word} {wrap(self.expr(right), prec + 1)}", prec)
            name = "and_" if op.token == "AND" else "or_"
            self.runtime.add(name)
            return call(name, self.expr(left), self.expr(right))
        if op.token == "SPECIAL" and r_op not in SPECIAL_OPS:
            raise Unsupported(node, f"the operator {op.text}")
        if op.token != "SPECIAL" and op.token not in BINARY_OPS:
            raise Unsupported(node, f"the operator {op.text}")
        symbol, prec = SPECIAL_OPS[r_op] if op.token == "SPECIAL" else BINARY_OPS[op.token]
        lhs, rhs = self.expr(left), self.expr(right)
        kinds = (self.kind(left), self.kind(right))
        if prec == P_CMP:
            if kinds[0] is not None and kinds[0] == kinds[1]:
                return atom(f"{wrap(lhs, P_CMP + 1)} {symbol} {wrap(rhs, P_CMP + 1)}", P_CMP)
            self.runtime.add("compare")
            return call("compare", atom(py_string(r_op)), lhs, rhs)
        if kinds == ("number", "number") and self.plain_arithmetic(r_op, right):
            if symbol == "**":  # right-associative
                return atom(f"{wrap(lhs, P_POW + 1)} ** {wrap(rhs, P_POW)}", P_POW)
            return atom(f"{wrap(lhs, prec)} {symbol} {wrap(rhs, prec + 1)}", prec)
        self.runtime.add("arith")
        return call("arith", atom(py_string(r_op)), lhs, rhs)

    def plain_arithmetic(self, r_op: str, right: Node) -> bool:
        """Python's arithmetic is R's on two numbers, except dividing by zero (R: Inf, NaN) and a
        negative number to a fractional power (R: NaN)."""
        if r_op in ("/", "%/%", "%%"):
            divisor = self.number_value(right)
            return divisor is not None and divisor != 0
        if r_op == "^":
            exponent = self.number_value(right)
            return exponent is not None and exponent.is_integer() and exponent >= 0
        return True

    def test(self, node: Node) -> Py:
        """The condition of `if`, `while`, `&&`, `||`: one TRUE or FALSE, or R's error."""
        value = self.expr(node)
        if self.kind(node) == "logical":
            return value
        self.runtime.add("truth")
        return call("truth", value)

    def magrittr(self, node: Node, left: Node, right: Node) -> Py:
        """magrittr's `x %>% f(y)` is `f(x, y)` and `x %>% f` is `f(x)` (no `.` placeholder)."""
        if any(n.token == "SYMBOL" and n.text == "." for n in right.walk()):
            raise Unsupported(node, "magrittr's . placeholder")
        if right.only("SYMBOL"):
            name = right.kids[0].text
            handler = CALLS.get(name)
            if handler is not None:
                return handler(self, node, [(None, left)])
            py_name = self.safe_name(name)
            if py_name in self.functions:
                return self.plain_call(node, py_name, [(None, left)])
            raise Unsupported(node, f"the function {name}()")
        if self.call_name(right) is None:
            raise Unsupported(node, "a pipe into something other than a call")
        return self.call_expr(right, first=left)

    def pipe(self, node: Node, left: Node, right: Node) -> Py:
        """`x |> f(y)` is `f(x, y)`: R rewrites it so at parse time; so do we."""
        if self.call_name(right) is None:
            raise Unsupported(node, "a pipe into something other than a call")
        return self.call_expr(right, first=left)

    def condition(self, node: Node) -> Py:
        return self.test(node)

    def subscript(self, node: Node) -> Py:
        """`x$name` and `x[[i]]`: R's rules at run time (`dollar`, `elt`), unless x is the client
        (its operations are attributes) or a condition in its handler (fields of our exceptions)."""
        kids = node.kids
        base_node = kids[0]
        if kids[1].token == "'$'":
            key = kids[2].value if kids[2].token == "STR_CONST" else kids[2].text
            cond = self.condition_name(base_node)
            if cond is not None:
                return self.condition_field(node, cond, key or "")
            base = self.expr(base_node)
            if self.is_client(base_node):
                if (key or "") not in self.operations:
                    raise Unsupported(node, f"${key} of a client (not a connectparticipant operation)")
                return atom(f"{wrap(base, P_ATOM)}.{key}")
            self.runtime.add("dollar")
            return call("dollar", base, atom(py_string(key or "")))
        # x[[i]]: kids = expr LBB index ']' ']'
        if len(kids) != 5:
            raise Unsupported(node, "[[ ]] with more than one index")
        index = kids[2]
        cond = self.condition_name(base_node)
        if cond is not None and index.only("STR_CONST"):
            return self.condition_field(node, cond, index.kids[0].value or "")
        self.runtime.add("elt")
        return call("elt", self.expr(base_node), self.expr(index))

    def is_client(self, node: Node) -> bool:
        while len(node.kids) == 1:
            node = node.kids[0]
        return node.token == "SYMBOL" and self.name(node) in self.clients

    def maybe_absent(self, node: Node) -> Py:
        """A value under is.null(): `$` and `[[` give NULL for an absent name, as in R."""
        return self.expr(node)

    def condition_name(self, node: Node) -> str | None:
        if node.only("SYMBOL") or node.token == "SYMBOL":
            leaf = node.kids[0] if node.kids else node
            for scope in reversed(self.conditions):
                if leaf.text in scope:
                    return scope[leaf.text]
        return None

    def condition_field(self, node: Node, var: str, key: str) -> Py:
        """A paws condition's fields on our exceptions (conditions.R's layout)."""
        if key == "message":
            return call("str", atom(var))
        self.runtime.add("dollar")
        return call("dollar", atom(var), atom(py_string(key)))

    # ---- calls

    def call_name(self, node: Node) -> str | None:
        """The called function's name for `f(...)` and `pkg::f(...)`; None for other expressions."""
        kids = node.kids
        if len(kids) < 3 or kids[1].token != "'('":
            return None
        callee = kids[0].kids
        if len(callee) == 1 and callee[0].token == "SYMBOL_FUNCTION_CALL":
            return callee[0].text
        if len(callee) == 3 and callee[1].token in ("NS_GET", "NS_GET_INT"):
            return callee[2].text
        return None

    def call_package(self, node: Node) -> str | None:
        callee = node.kids[0].kids
        if len(callee) == 3 and callee[1].token in ("NS_GET", "NS_GET_INT"):
            return callee[0].text
        return None

    def call_args(self, node: Node) -> list[tuple[str | None, Node]]:
        """(name or None, value) for each argument of a call, in order."""
        kids = node.kids
        inner = kids[2:-1]
        args: list[tuple[str | None, Node]] = []
        name: str | None = None
        i = 0
        while i < len(inner):
            tok = inner[i]
            if (
                tok.token in ("SYMBOL_SUB", "STR_CONST")
                and i + 1 < len(inner)
                and inner[i + 1].token == "EQ_SUB"
            ):
                name = tok.value if tok.token == "STR_CONST" else tok.text
                i += 2
                if i >= len(inner) or inner[i].token == "','":
                    raise Unsupported(node, f"the empty argument {name} =")
                continue
            if tok.token == "','":
                i += 1
                continue
            args.append((name, tok))
            name = None
            i += 1
        return args

    def package_name(self, node: Node) -> str | None:
        leaf = node.kids[0] if len(node.kids) == 1 else node
        if leaf.token == "STR_CONST":
            return leaf.value
        if leaf.token == "SYMBOL":
            return leaf.text
        return None

    def call_expr(self, node: Node, first: Node | None = None) -> Py:
        args = self.call_args(node)
        if first is not None:
            args = [(None, first), *args]
        callee = node.kids[0]
        ckids = callee.kids
        if len(ckids) == 3 and ckids[1].token == "'$'":
            method = ckids[2].text
            if method in self.operations:
                return self.operation_call(node, ckids[0], method, args)
            raise Unsupported(node, f"calling ${method} (not a connectparticipant operation)")
        name = self.call_name(node)
        if name is None:
            raise Unsupported(node, "calling the result of an expression")
        package = self.call_package(node)
        if name == "connectparticipant" and (package is None or package in PAWS_PACKAGES):
            return self.client(node, args)
        if package == "jsonlite" and name not in ("toJSON", "fromJSON"):
            raise Unsupported(node, f"jsonlite::{name}()")
        if package is not None and package not in ("base", "utils", "jsonlite"):
            raise Unsupported(node, f"{package}::{name}()")
        handler = CALLS.get(name)
        if handler is not None:
            return handler(self, node, args)
        py_name = self.safe_name(name)
        if py_name in self.functions or py_name in self.variables:
            return self.plain_call(node, py_name, args)
        raise Unsupported(node, f"the function {name}()")

    def plain_call(self, node: Node, func: str, args: list[tuple[str | None, Node]]) -> Py:
        """A call of the script's own function, its arguments matched as R matches them: exact
        names, then unique partial names, then positions; a parameter without a default left
        out is not ported (R stops only where it is used)."""
        formals = self.formals.get(func)
        if formals is None:
            if any(k is not None for k, _ in args):
                raise Unsupported(node, "named arguments to a function whose parameters are not known")
            return bracketed(func, "(", [("", self.expr(v)) for _, v in args], ")")
        names = [p for p, _ in formals]
        matched: dict[str, Node] = {}
        named = [(k, v) for k, v in args if k is not None]
        for key, value in list(named):
            if key in names:
                if key in matched:
                    raise Unsupported(node, f"the argument {key} given twice")
                matched[key] = value
                named.remove((key, value))
        for key, value in named:
            prefixed = [p for p in names if p.startswith(key) and p not in matched]
            if len(prefixed) != 1:
                raise Unsupported(node, f"the argument {key} = matching no single parameter of {func}()")
            matched[prefixed[0]] = value
        free = [p for p in names if p not in matched]
        positional = [v for k, v in args if k is None]
        if len(positional) > len(free):
            raise Unsupported(node, f"more arguments than {func}() takes")
        for param, value in zip(free, positional, strict=False):
            matched[param] = value
        for param, has_default in formals:
            if param not in matched and not has_default:
                raise Unsupported(node, f"a call of {func}() leaving out {param}, which has no default")
        in_order = all(k is None for k, _ in args)
        items = [
            ("" if in_order else f"{self.safe_name(p)}=", self.expr(matched[p]))
            for p in names
            if p in matched
        ]
        return bracketed(func, "(", items, ")")

    def client(self, node: Node, args: list[tuple[str | None, Node]]) -> Py:
        self.uses_paws = True
        items = []
        for position, (key, value) in enumerate(args):
            name = (
                key if key is not None else (CLIENT_ARGS[position] if position < len(CLIENT_ARGS) else None)
            )
            if name not in CLIENT_ARGS:
                raise Unsupported(node, f"connectparticipant() argument {key or position + 1}")
            items.append((f"{name}=", self.value(value, mapping=name in ("config", "credentials"))))
        return bracketed("paws_compat.connectparticipant", "(", items, ")")

    def operation_call(
        self, node: Node, client: Node, method: str, args: list[tuple[str | None, Node]]
    ) -> Py:
        operation = self.operations[method]
        members = list(operation.input_members)
        items = []
        for position, (key, value) in enumerate(args):
            if key is None:
                if position >= len(members):
                    raise Unsupported(node, f"{method}() with {len(args)} positional arguments")
                key = members[position]
            items.append((f"{key}=", self.value(value)))
        return bracketed(f"{wrap(self.expr(client), P_ATOM)}.{method}", "(", items, ")")

    def value(self, node: Node, mapping: bool = False) -> Py:
        """An argument value; an empty `list()` where a mapping is wanted is `{}`."""
        if mapping and self.call_name(node) == "list" and not self.call_args(node):
            return atom("{}")
        return self.expr(node)

    def anonymous_function(self, node: Node) -> Py:
        params, body = self.function_parts(node)
        if any(d is not None for _, d in params):
            raise Unsupported(node, "an anonymous function with default arguments")
        items = self.body_items(body)
        names = ", ".join(p for p, _ in params)
        if len(items) == 1 and self.is_plain_expression(items[0]):
            return atom(
                f"lambda {names}: {self.expr(items[0]).text}"
                if names
                else f"lambda: {self.expr(items[0]).text}",
                P_LAMBDA,
            )
        # More than one statement: define it just before the statement that uses it.
        self.hoisted += 1
        name = f"_function_{self.hoisted}"
        self.pending.append(self.function_def(name, node, self.indent))
        return atom(name)

    def stream(self, node: Node) -> Py:
        """stdout()/stderr() as Python's streams; other connections are not ported."""
        name = self.call_name(node)
        if name in ("stderr", "stdout") and not self.call_args(node):
            self.stdlib.add("sys")
            return atom(f"sys.{name}")
        raise Unsupported(node, "writing to a file or connection other than stdout()/stderr()")

    def visible(self, node: Node) -> bool:
        """Whether R would print this statement's value at top level."""
        kids = node.kids
        if len(kids) == 3 and (
            kids[1].token == "PIPE" or (kids[1].token == "SPECIAL" and kids[1].text == "%>%")
        ):
            right = kids[2]
            if right.only("SYMBOL"):
                return right.kids[0].text not in INVISIBLE_CALLS
            return self.visible(right)
        if len(kids) == 3 and kids[0].token == "'('":
            return True
        if len(kids) == 3 and kids[1].token in ASSIGN_TOKENS:
            return False
        if kids and kids[0].token in ("FOR", "WHILE", "REPEAT", "FUNCTION"):
            return False
        name = self.call_name(node)
        if name is None:
            return True
        if name in INVISIBLE_CALLS:
            return False
        if self.call_package(node) is None and self.safe_name(name) in self.functions:
            return self.functions[self.safe_name(name)]
        return True

    def visible_body(self, body: Node) -> bool:
        items = self.body_items(body)
        return bool(items) and self.visible(items[-1])

    # ---- names

    def name(self, leaf: Node) -> str:
        return self.safe_name(leaf.text)

    def safe_name(self, r_name: str) -> str:
        """An R name as a Python identifier (`my.var` -> `my_var`), the same one every time."""
        if r_name in self.names:
            return self.names[r_name]
        text = r_name.strip("`").replace(".", "_")
        if not text.isidentifier():
            text = "".join(ch if ch.isalnum() or ch == "_" else "_" for ch in text)
            if not text or text[0].isdigit():
                text = "_" + text
        if keyword.iskeyword(text) or keyword.issoftkeyword(text) or text in RESERVED:
            text += "_"
        taken = set(self.names.values())
        base, n = text, 2
        while text in taken:
            text = f"{base}_{n}"
            n += 1
        self.names[r_name] = text
        return text


def _error_class_names() -> dict[str, str]:
    """R condition classes of our own errors (`paws_compat_transport_error`) -> Python class names."""
    try:
        from paws_compat import errors
    except ImportError:
        return {}
    found = {"paws_compat_error": "PawsCompatError"}
    for name in dir(errors):
        obj = getattr(errors, name)
        if isinstance(obj, type) and issubclass(obj, BaseException):
            snake = snake_case(name)
            found[snake if snake.startswith("paws_compat") else f"paws_compat_{snake}"] = name
    return found


# ---- the supported functions ------------------------------------------------------------------


def python_keyword(r_name: str) -> str:
    return r_name.replace(".", "_")


def _runtime(
    name: str, keywords: tuple[str, ...] = (), positional: tuple[str, ...] = ()
) -> Callable[[Porter, Node, list[tuple[str | None, Node]]], Py]:
    """A call of the runtime's helper `name`; `keywords` are R's argument names it takes by
    name, `positional` the ones (leading) it takes by position."""
    keywords = keywords + positional

    def translate(porter: Porter, node: Node, args: list[tuple[str | None, Node]]) -> Py:
        porter.runtime.add(name)
        items: list[tuple[str, Py]] = []
        named: list[tuple[str, Py]] = []
        for key, value in args:
            if key is not None and key not in keywords:
                raise Unsupported(node, f"{porter.call_name(node)}() argument {key} =")
            if key in positional:
                # R matches it by name wherever it stands; the helper takes it first.
                items.insert(positional.index(key), ("", porter.expr(value)))
            elif key == "file" or key == "con":
                named.append(("file=", porter.stream(value)))
            elif key is not None:
                named.append((f"{python_keyword(key)}=", porter.expr(value)))
            else:
                items.append(("", porter.expr(value)))
        return bracketed(name, "(", items + named, ")")

    return translate


def _one(porter: Porter, node: Node, args: list[tuple[str | None, Node]], what: str = "") -> Node:
    if len(args) != 1 or args[0][0] not in (None, "x", "object", "text"):
        raise Unsupported(node, f"{porter.call_name(node)}() with these arguments")
    return args[0][1]


def _print(porter: Porter, node: Node, args: list[tuple[str | None, Node]]) -> Py:
    porter.runtime.add("rprint")
    return call("rprint", porter.expr(_one(porter, node, args)))


def _is_null(porter: Porter, node: Node, args: list[tuple[str | None, Node]]) -> Py:
    return atom(f"{wrap(porter.maybe_absent(_one(porter, node, args)), P_CMP + 1)} is None", P_CMP)


def _getenv(porter: Porter, node: Node, args: list[tuple[str | None, Node]]) -> Py:
    named = {k: v for k, v in args if k is not None}
    positional = [v for k, v in args if k is None]
    if not positional and "x" in named:
        positional.append(named.pop("x"))
    if len(positional) == 2 and "unset" not in named:
        named["unset"] = positional.pop()
    if len(positional) != 1 or set(named) - {"unset"}:
        raise Unsupported(node, "Sys.getenv() with other than one variable")
    porter.stdlib.add("os")
    default = porter.expr(named["unset"]) if "unset" in named else atom('""')
    return call("os.environ.get", porter.expr(positional[0]), default)


def _sleep(porter: Porter, node: Node, args: list[tuple[str | None, Node]]) -> Py:
    porter.stdlib.add("time")
    return call("time.sleep", porter.expr(_one(porter, node, args)))


def _vector(porter: Porter, node: Node, args: list[tuple[str | None, Node]]) -> Py:
    """list(...) and c(...): a list, or a dict when every element is named."""
    name = porter.call_name(node)
    if not args:
        return atom("[]") if name == "list" else atom("None")
    if all(k is not None for k, _ in args):
        if name == "c":
            raise Unsupported(node, "c() with names (a named vector)")
        return bracketed("", "{", [(f"{py_string(k or '')}: ", porter.expr(v)) for k, v in args], "}")
    if any(k is not None for k, _ in args):
        raise Unsupported(node, f"{name}() with some elements named and some not")
    values = [porter.expr(v) for _, v in args]
    if name == "c":
        porter.runtime.add("c")
        return bracketed("c", "(", [("", v) for v in values], ")")
    return bracketed("", "[", [("", v) for v in values], "]")


def _empty_vector(porter: Porter, node: Node, args: list[tuple[str | None, Node]]) -> Py:
    """character(0), numeric(), logical(0): an empty list (R's empty vectors)."""
    if len(args) > 1 or (args and porter.number_value(args[0][1]) != 0.0):
        raise Unsupported(node, f"{porter.call_name(node)}() of non-zero length")
    porter.runtime.add("typed_empty")
    return call("typed_empty", atom(py_string(porter.call_name(node) or "")))


def _condition_message(porter: Porter, node: Node, args: list[tuple[str | None, Node]]) -> Py:
    return call("str", porter.expr(_one(porter, node, args)))


def _inherits(porter: Porter, node: Node, args: list[tuple[str | None, Node]]) -> Py:
    if len(args) != 2 or not args[1][1].only("STR_CONST"):
        raise Unsupported(node, "inherits() with other than a class name")
    var = porter.expr(args[0][1])
    classes, predicate = porter.condition_test(node, args[1][1].kids[0].value or "", "{e}")
    test = f"isinstance({var.text}, {classes})"
    if predicate:
        test += " and " + predicate.format(e=var.text)
    return atom(test, P_AND)


def _identical(porter: Porter, node: Node, args: list[tuple[str | None, Node]]) -> Py:
    """identical() compares R types too (1L and 1 differ): ported only against NULL, TRUE/FALSE
    or a string, where Python's `is None`, `is True` and `==` mean the same."""
    if len(args) != 2 or any(k is not None for k, _ in args):
        raise Unsupported(node, "identical() with other than two arguments")
    (_, a), (_, b) = args
    for this, other in ((a, b), (b, a)):
        leaf = this.kids[0] if len(this.kids) == 1 else this
        if leaf.token == "NULL_CONST":
            return atom(f"{wrap(porter.maybe_absent(other), P_CMP + 1)} is None", P_CMP)
        if (leaf.token == "NUM_CONST" and leaf.text in ("TRUE", "FALSE")) or (
            leaf.token == "SYMBOL" and leaf.text in ("TRUE", "FALSE", "T", "F")
        ):
            value = "True" if leaf.text in ("TRUE", "T") else "False"
            return atom(f"{wrap(porter.expr(other), P_CMP + 1)} is {value}", P_CMP)
    for this, other in ((a, b), (b, a)):
        if this.only("STR_CONST"):
            return atom(
                f"{wrap(porter.expr(other), P_CMP + 1)} == {wrap(porter.expr(this), P_CMP + 1)}", P_CMP
            )
    raise Unsupported(node, "identical() of values whose R types may differ (identical(1L, 1) is FALSE in R)")


def _is_true(value: str) -> Callable[[Porter, Node, list[tuple[str | None, Node]]], Py]:
    def translate(porter: Porter, node: Node, args: list[tuple[str | None, Node]]) -> Py:
        return atom(f"{wrap(porter.expr(_one(porter, node, args)), P_CMP + 1)} is {value}", P_CMP)

    return translate


def _invisible(porter: Porter, node: Node, args: list[tuple[str | None, Node]]) -> Py:
    return porter.expr(_one(porter, node, args))


def _switch(porter: Porter, node: Node, args: list[tuple[str | None, Node]]) -> Py:
    """switch(x, a = v1, b = v2, default): a dict lookup when the values are constants (R evaluates
    only the chosen one; constants make that moot), else a chain of conditional expressions."""
    if not args or args[0][0] not in (None, "EXPR"):
        raise Unsupported(node, "switch() without a value to switch on")
    subject = porter.expr(args[0][1])
    cases = args[1:]
    named = [(k, v) for k, v in cases if k is not None]
    defaults = [v for k, v in cases if k is None]
    if len(defaults) > 1 or (defaults and cases[-1][0] is not None):
        raise Unsupported(node, "switch() on a number, or with more than one unnamed default")
    if any(not porter.is_plain_expression(v) for _, v in cases):
        raise Unsupported(node, "switch() with a statement as a value")
    fallback = porter.expr(defaults[0]) if defaults else atom("None")
    if all(porter.is_constant(v) for _, v in cases):
        table = bracketed("", "{", [(f"{py_string(k or '')}: ", porter.expr(v)) for k, v in named], "}")
        return Py(
            f"{table.text}.get({subject.text}, {fallback.text})",
            P_ATOM,
            f"{table.text}.get",
            "(",
            [("", subject), ("", fallback)],
            ")",
        )
    text = wrap(fallback, P_IFELSE)
    for key, value in reversed(named):
        test = f"{wrap(subject, P_CMP + 1)} == {py_string(key or '')}"
        text = f"{wrap(porter.expr(value), P_OR)} if {test} else {text}"
    return atom(text, P_IFELSE)


def _function_value(porter: Porter, node: Node) -> Py:
    """A function given as a value (to lapply, Filter, do.call...): the script's own, an
    anonymous one, or a built-in the runtime implements."""
    fkids = node.kids
    if fkids and fkids[0].token in ("FUNCTION", "'\\\\'"):
        return porter.anonymous_function(node)
    leaf = fkids[0] if len(fkids) == 1 else node
    name = (
        leaf.value if leaf.token == "STR_CONST" else leaf.text.strip("`") if leaf.token == "SYMBOL" else None
    )
    if name is None:
        raise Unsupported(node, "a function given as an expression")
    if leaf.token == "SYMBOL" and porter.safe_name(name) in {*porter.functions, *porter.variables}:
        return atom(porter.safe_name(name))
    runtime = FUNCTION_VALUES.get(name)
    if runtime is None:
        raise Unsupported(node, f"the built-in {name} given as a function")
    porter.runtime.add(runtime)
    return atom(runtime)


# Built-ins given as function values, and the runtime's function that is each.
FUNCTION_VALUES = {
    "[[": "elt",
    "$": "dollar",
    "nchar": "nchar",
    "toupper": "toupper",
    "tolower": "tolower",
    "trimws": "trimws",
    "length": "length",
    "paste": "paste",
    "paste0": "paste0",
    "as.character": "as_character",
    "as.numeric": "as_numeric",
    "as.integer": "as_integer",
    "unlist": "unlist",
    "names": "names",
    "print": "rprint",
    "sum": "r_sum",
    "max": "r_max",
    "min": "r_min",
    "rev": "rev",
}


def _higher_order(
    name: str, params: tuple[str, ...], function_at: int
) -> Callable[[Porter, Node, list[tuple[str | None, Node]]], Py]:
    """lapply(X, FUN, ...), Filter(f, x), Map(f, ...), Reduce(f, x), do.call(what, args): the
    runtime's helper, the function argument as a Python function."""

    def translate(porter: Porter, node: Node, args: list[tuple[str | None, Node]]) -> Py:
        given = dict.fromkeys(params)
        extra: list[Node] = []
        free = iter(params)
        for key, value in args:
            if key is not None:
                if key not in given or given[key] is not None:
                    raise Unsupported(node, f"{porter.call_name(node)}() argument {key} =")
                given[key] = value
        for key, value in args:
            if key is None:
                slot = next((p for p in free if given[p] is None), None)
                if slot is None:
                    extra.append(value)
                else:
                    given[slot] = value
        missing = [p for p, v in given.items() if v is None and p != "FUN.VALUE"]
        if missing:
            raise Unsupported(node, f"{porter.call_name(node)}() without {missing[0]}")
        porter.runtime.add(name)
        items = []
        for i, value in enumerate(given.values()):
            if value is None:
                continue
            items.append(("", _function_value(porter, value) if i == function_at else porter.expr(value)))
        items += [("", porter.expr(v)) for v in extra]
        return bracketed(name, "(", items, ")")

    return translate


def _json(name: str, options: tuple[str, ...]) -> Callable[[Porter, Node, list[tuple[str | None, Node]]], Py]:
    inner = _runtime(name, options, positional=("x",) if name == "to_json" else ("txt",))

    def translate(porter: Porter, node: Node, args: list[tuple[str | None, Node]]) -> Py:
        return inner(porter, node, args)

    return translate


CALLS: dict[str, Callable[[Porter, Node, list[tuple[str | None, Node]]], Py]] = {
    "paste": _runtime("paste", ("sep", "collapse")),
    "paste0": _runtime("paste0", ("collapse",)),
    "sprintf": _runtime("sprintf", positional=("fmt",)),
    "cat": _runtime("cat", ("sep", "file")),
    "message": _runtime("message"),
    "writeLines": _runtime("write_lines", ("con", "sep"), positional=("text",)),
    "length": _runtime("length", positional=("x",)),
    "unlist": _runtime("unlist", positional=("x",)),
    "print": _print,
    "is.null": _is_null,
    "Sys.getenv": _getenv,
    "Sys.sleep": _sleep,
    "seq_along": _runtime("seq_along", positional=("along.with",)),
    "seq_len": _runtime("seq_len", positional=("length.out",)),
    "list": _vector,
    "character": _empty_vector,
    "numeric": _empty_vector,
    "logical": _empty_vector,
    "integer": _empty_vector,
    "c": _vector,
    "lapply": _higher_order("lapply", ("X", "FUN"), 1),
    "sapply": _higher_order("sapply", ("X", "FUN"), 1),
    "vapply": _higher_order("vapply", ("X", "FUN", "FUN.VALUE"), 1),
    "Filter": _higher_order("filter_", ("f", "x"), 0),
    "Map": _higher_order("map_", ("f",), 0),
    "Reduce": _higher_order("reduce_", ("f", "x"), 0),
    "do.call": _higher_order("do_call", ("what", "args"), 0),
    "nchar": _runtime("nchar", positional=("x",)),
    "as.numeric": _runtime("as_numeric", positional=("x",)),
    "as.integer": _runtime("as_integer", positional=("x",)),
    "as.character": _runtime("as_character", positional=("x",)),
    "toupper": _runtime("toupper", positional=("x",)),
    "tolower": _runtime("tolower", positional=("x",)),
    "trimws": _runtime("trimws", ("which",), positional=("x",)),
    "startsWith": _runtime("starts_with", positional=("x", "prefix")),
    "endsWith": _runtime("ends_with", positional=("x", "suffix")),
    "conditionMessage": _condition_message,
    "inherits": _inherits,
    "identical": _identical,
    "isTRUE": _is_true("True"),
    "isFALSE": _is_true("False"),
    "nzchar": _runtime("nzchar", positional=("x",)),
    "invisible": _invisible,
    "head": _runtime("head", positional=("x", "n")),
    "tail": _runtime("tail", positional=("x", "n")),
    "rev": _runtime("rev", positional=("x",)),
    "names": _runtime("names", positional=("x",)),
    "ifelse": _runtime("ifelse", positional=("test", "yes", "no")),
    "switch": _switch,
    "substr": _runtime("substr", positional=("x", "start", "stop")),
    "sub": _runtime("sub", ("fixed",), positional=("pattern", "replacement", "x")),
    "gsub": _runtime("gsub", ("fixed",), positional=("pattern", "replacement", "x")),
    "grepl": _runtime("grepl", ("fixed",), positional=("pattern", "x")),
    "strsplit": _runtime("strsplit", ("fixed",), positional=("x", "split")),
    "format": _runtime("format_value", ("nsmall",), positional=("x",)),
    "max": _runtime("r_max"),
    "min": _runtime("r_min"),
    "sum": _runtime("r_sum"),
    "toJSON": _json("to_json", ("auto_unbox", "digits", "pretty")),
    "fromJSON": _json("from_json", ("simplifyVector",)),
}


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

"""Warnings, messages and try(): the conditions R signals without stopping, and the call R names
with one ("In f(x) : msg", "Error in f(x) : msg").

The call is the innermost function call on R's stack where the condition is signalled: at top
level none; in a function, the call that called it, as the call site wrote it (so a function
that warns takes its call's text, `r_call`, from every call site); inside tryCatch's expression
and handlers, tryCatch's own internals (`doTryCatch(...)`, `value[[3L]](cond)`). The port keeps
that as `porter.frame_call`, a Python expression, or None where it does not know it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from . import expressions, functions, scopes, statements
from .emit import Py, atom, bracketed, call, layout, py_string
from .result import Unsupported
from .tree import Node, deparse_call
from .vocabulary import ASSIGN_TOKENS, Tail

if TYPE_CHECKING:
    from .porter import Porter

DO_TRY_CATCH = "doTryCatch(return(expr), name, parentenv, handler)"
TRY_CATCH_LIST = "tryCatchList(expr, classes, parentenv, handlers)"
HANDLER_CALL = "value[[3L]](cond)"

# Built-ins that may warn in R (the statements calling them print the warnings kept after them).
WARNING_BUILTINS = frozenset({"warning", "as.numeric", "as.integer", "sqrt", "log"})


@contextmanager
def frame(porter: Porter, call_text: str | None) -> Iterator[None]:
    """Translate inside a frame whose call R names as `call_text` (a Python expression)."""
    saved, porter.frame_call = porter.frame_call, call_text
    try:
        yield
    finally:
        porter.frame_call = saved


def r_text(text: str) -> str:
    """An R call's text as R deparses it in a message, as a Python string literal."""
    return py_string(deparse_call(text))


def full_text(porter: Porter, node: Node) -> str:
    lines = porter.lines[node.line1 - 1 : node.line2]
    if len(lines) == 1:
        return lines[0][node.col1 - 1 : node.col2]
    return "\n".join([lines[0][node.col1 - 1 :], *lines[1:-1], lines[-1][: node.col2]])


def _own_calls(body: Node) -> Iterator[Node]:
    """The calls in a function's body, not those of the functions defined inside it."""
    for child in body.children:
        if child.token == "FUNCTION" or (child.kids and child.kids[0].token in ("FUNCTION", "'\\\\'")):
            continue
        if child.token == "SYMBOL_FUNCTION_CALL":
            yield child
        yield from _own_calls(child)


def analyse(porter: Porter, top: list[Node]) -> None:
    """Which of the script's functions need their call's text, and which may warn."""
    bodies: dict[str, Node] = {}
    for root in top:
        for node in root.walk():
            kids = node.kids
            if (
                len(kids) == 3
                and kids[1].token in ASSIGN_TOKENS
                and kids[0].only("SYMBOL")
                and kids[2].kids
                and kids[2].kids[0].token == "FUNCTION"
            ):
                bodies[scopes.py_name(porter, kids[0].kids[0])] = kids[2]
    porter.calls_matter = any(
        scopes.call_name(porter, node) in ("try", "geterrmessage") for root in top for node in root.walk()
    )
    for name, fn in bodies.items():
        own = {c.text for c in _own_calls(fn)}
        dot_n = any(n.token == "SYMBOL" and n.text[:2] == ".." and n.text[2:].isdigit() for n in fn.walk())
        stops = "stop" in own or bool(porter.omissible.get(name)) or dot_n
        if "warning" in own or (porter.calls_matter and stops):
            porter.needs_call.add(name)
    porter.warns = {n for n, fn in bodies.items() if any(c.text in WARNING_BUILTINS for c in fn.walk())}
    changed = True
    while changed:
        changed = False
        for name, fn in bodies.items():
            if name not in porter.warns and any(
                scopes.safe_name(porter, c.text) in porter.warns
                for c in fn.walk()
                if c.token == "SYMBOL_FUNCTION_CALL"
            ):
                porter.warns.add(name)
                changed = True


def may_warn(porter: Porter, node: Node) -> bool:
    return any(
        n.token == "SYMBOL_FUNCTION_CALL"
        and (n.text in WARNING_BUILTINS or scopes.safe_name(porter, n.text) in porter.warns)
        for n in node.walk()
    )


def call_argument(porter: Porter, node: Node, func: str) -> tuple[str, Py] | None:
    """`r_call="f(x)"` for a call of a function that names its call in warnings."""
    if func not in porter.needs_call:
        return None
    kids = node.kids
    if len(kids) == 3 and kids[1].token == "SPECIAL":
        raise Unsupported(node, f"{func}() through magrittr's pipe (R names the call f(.))")
    return ("r_call=", atom(r_text(full_text(porter, node))))


def warning_call(porter: Porter, node: Node, args: list[tuple[str | None, Node]]) -> Py:
    """warning(...): the runtime's, with the call R names."""
    values = [v for k, v in args if k is None]
    options = {k: v for k, v in args if k is not None}
    if set(options) - {"call."}:
        raise Unsupported(node, f"warning() argument {sorted(set(options) - {'call.'})[0]} =")
    porter.runtime.add("warning")
    items: list[tuple[str, Py]] = [("", expressions.expr(porter, v)) for v in values]
    with_call = "call." not in options or scopes.snippet(porter, options["call."]) not in ("FALSE", "F")
    if with_call:
        if porter.frame_call is None:
            raise Unsupported(node, "warning() where the call R names is not known to the port")
        if porter.frame_call != "None":
            items.append(("call=", atom(porter.frame_call)))
    return bracketed("warning", "(", items, ")")


def error_call(porter: Porter) -> list[tuple[str, Py]]:
    """stop()'s `call=` where a try() may print it."""
    if porter.calls_matter and porter.frame_call not in (None, "None"):
        return [("call=", atom(porter.frame_call or ""))]
    return []


def suppressed(porter: Porter, node: Node, kind: str, body: Node, indent: int, tail: Tail) -> list[str]:
    """suppressWarnings(expr) / suppressMessages(expr): expr under a muffling handler."""
    lines = statements.translate_statement(porter, body, indent + 4, tail)
    if all(line.lstrip().startswith("#") for line in lines):
        return [line[4:] for line in lines]  # suppressMessages(library(x)): nothing to run
    porter.runtime.add("suppressing")
    return [f"{' ' * indent}with suppressing({py_string(kind)}):", *lines]


def suppressed_value(porter: Porter, node: Node, args: list[tuple[str | None, Node]]) -> Py:
    """suppressWarnings(expr) inside an expression: `suppressed("warning", lambda: expr)`."""
    if len(args) != 1 or args[0][0] not in (None, "expr"):
        raise Unsupported(node, f"{scopes.call_name(porter, node)}() with these arguments")
    kind = "warning" if scopes.call_name(porter, node) == "suppressWarnings" else "message"
    porter.runtime.add("suppressed")
    with frame(porter, None):
        value = expressions.expr(porter, args[0][1])
    return call("suppressed", atom(py_string(kind)), atom(f"lambda: {value.text}"))


def calling_handlers(
    porter: Porter, node: Node, args: list[tuple[str | None, Node]], indent: int, tail: Tail
) -> list[str]:
    """withCallingHandlers(expr, warning = function(w) ...): the handlers, defined before, run
    where a condition is signalled."""
    body = next((v for k, v in args if k is None or k == "expr"), None)
    if body is None:
        raise Unsupported(node, "withCallingHandlers() without an expression")
    handlers: list[tuple[str, Py]] = []
    for key, value in args:
        if value is body:
            continue
        if key not in ("warning", "message"):
            raise Unsupported(node, f"withCallingHandlers() for {key!r} conditions")
        handlers.append((f"{key}=", handler_function(porter, value)))
    porter.runtime.add("calling")
    with frame(porter, r_text(full_text(porter, node))):
        inner = statements.body_lines(porter, body, indent + 4, tail)
    return [*layout("with ", bracketed("calling", "(", handlers, ")"), ":", indent), *inner]


def handler_function(porter: Porter, value: Node) -> Py:
    """A calling handler: defined before the statement (its call R names is not known)."""
    if not (value.kids and value.kids[0].token in ("FUNCTION", "'\\\\'")):
        return expressions.expr(porter, value)
    params, _ = functions.function_parts(porter, value)
    if len(params) != 1 or params[0][1] is not None:
        raise Unsupported(value, "a condition handler with other than one argument")
    porter.hoisted += 1
    name = f"_handler_{porter.hoisted}"
    porter.conditions.append({params[0][0]: params[0][0]})
    try:
        with frame(porter, None):
            porter.pending.append(functions.function_def(porter, name, value, porter.indent))
    finally:
        porter.conditions.pop()
    return atom(name)


def try_statement(
    porter: Porter, node: Node, args: list[tuple[str | None, Node]], indent: int, tail: Tail
) -> list[str]:
    """try(expr, silent): an error becomes the "try-error" value, printed as R prints it unless
    silent, and the script goes on."""
    pad = " " * indent
    named = {k: v for k, v in args if k is not None and k != "expr"}
    if set(named) - {"silent"}:
        raise Unsupported(node, f"try() argument {sorted(set(named) - {'silent'})[0]} =")
    body = next((v for k, v in args if k is None or k == "expr"), None)
    if body is None:
        raise Unsupported(node, "try() without an expression")
    silent = named.get("silent")
    quiet = silent is not None and scopes.snippet(porter, silent) in ("TRUE", "T")
    if silent is not None and not quiet and scopes.snippet(porter, silent) not in ("FALSE", "F"):
        raise Unsupported(node, "try() with silent = other than TRUE or FALSE")
    porter.runtime.add("try_error")
    with frame(porter, py_string(DO_TRY_CATCH)):
        inner = statements.body_lines(porter, body, indent + 4, tail)
    extra = [("silent=", atom("True"))] if quiet else []
    value = bracketed(
        "try_error", "(", [("", atom("exc")), ("", atom(r_text(full_text(porter, node)))), *extra], ")"
    )
    lead = f"{tail[1]} = " if tail[0] == "assign" else "return " if tail[0] == "return" else ""
    return [f"{pad}try:", *inner, f"{pad}except Exception as exc:", *layout(lead, value, "", indent + 4)]

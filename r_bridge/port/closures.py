"""What R's functions keep that Python's do not by default: arguments left out of a call (R stops
only where such an argument is used, and `missing(b)` asks), and `<<-`, assignment in the scope
that encloses a function (Python's `nonlocal`, or `global` at the script's top level)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from . import functions, scopes
from .emit import Py, atom, py_string
from .result import Unsupported
from .tree import Node
from .vocabulary import ASSIGN_TOKENS

if TYPE_CHECKING:
    from .porter import Porter


def own_nodes(node: Node) -> Iterator[Node]:
    """A function body's nodes, not those of functions defined inside it."""
    for child in node.children:
        if child.kids and child.kids[0].token in ("FUNCTION", "'\\\\'"):
            continue
        yield child
        yield from own_nodes(child)


def analyse(porter: Porter, top: list[Node]) -> None:
    """Which parameters without a default some call leaves out, or the function asks missing() of;
    and every name the script assigns (`porter.bound`)."""
    for root in top:
        for node in root.walk():
            kids = node.kids
            if len(kids) == 3 and kids[1].token in ASSIGN_TOKENS:
                target = kids[2] if kids[1].text in ("->", "->>") else kids[0]
                if target.only("SYMBOL"):
                    porter.bound.add(scopes.py_name(porter, target.kids[0]))
    for root in top:
        for node in root.walk():
            name = scopes.call_name(porter, node)
            if name is None or scopes.call_package(porter, node) is not None:
                continue
            func = scopes.safe_name(porter, name)
            formals = porter.formals.get(func)
            if formals is None or name == "missing":
                continue
            try:
                matched, _, _ = functions.match_arguments(porter, node, func, scopes.call_args(porter, node))
            except Unsupported:
                continue
            left_out = {
                p for p, has_default in formals if p != "..." and not has_default and p not in matched
            }
            porter.omissible.setdefault(func, set()).update(left_out)
    for root in top:
        for node in root.walk():
            kids = node.kids
            if not (len(kids) == 3 and kids[1].token in ASSIGN_TOKENS and kids[0].only("SYMBOL")):
                continue
            fn = kids[2]
            if not (fn.kids and fn.kids[0].token == "FUNCTION"):
                continue
            func = scopes.py_name(porter, kids[0].kids[0])
            asked = {
                args[0][1].kids[0].text
                for n in own_nodes(fn)
                if scopes.call_name(porter, n) == "missing"
                and len(args := scopes.call_args(porter, n)) == 1
                and args[0][1].only("SYMBOL")
            }
            if asked:
                porter.omissible.setdefault(func, set()).update(asked)


def missing_test(porter: Porter, node: Node, args: list[tuple[str | None, Node]]) -> Py:
    """missing(b): whether the call left b out."""
    if len(args) != 1 or not args[0][1].only("SYMBOL"):
        raise Unsupported(node, "missing() of other than a parameter")
    name = args[0][1].kids[0].text
    if name not in porter.absent:
        raise Unsupported(node, f"missing({name}) of a parameter with a default, or not one")
    porter.runtime.add("MISSING")
    return atom(f"{scopes.safe_name(porter, name)} is MISSING")


def argument_value(porter: Porter, node: Node) -> Py | None:
    """A parameter a call may have left out, where it is used: R's error if it was."""
    if node.text not in porter.absent:
        return None
    porter.runtime.add("given")
    items = [scopes.safe_name(porter, node.text), py_string(node.text)]
    if porter.calls_matter and porter.frame_call not in (None, "None"):
        items.append(f"call={porter.frame_call}")
    return atom(f"given({', '.join(items)})")


def locals_of(porter: Porter, fn: Node) -> set[str]:
    """R names a function's own body assigns with <- or =, its parameters and loop variables."""
    names = {n.text for n in fn.walk() if n.token == "SYMBOL_FORMALS"}
    params, body = functions.function_parts(porter, fn, raw=True)
    names |= {p for p, _ in params}
    for node in own_nodes(body):
        kids = node.kids
        if len(kids) == 3 and kids[1].token in ASSIGN_TOKENS and kids[1].text not in ("<<-", "->>"):
            target = kids[2] if kids[1].text == "->" else kids[0]
            if target.only("SYMBOL"):
                names.add(target.kids[0].text)
        if kids and kids[0].token == "FOR":
            names.add(kids[1].kids[1].text)
    return names


def superassigned(porter: Porter, body: Node) -> list[tuple[str, Node]]:
    """The R names `<<-` assigns in a function's own body (x, or x of x$a / x[[k]])."""
    found: list[tuple[str, Node]] = []
    for node in [body, *own_nodes(body)]:
        kids = node.kids
        if len(kids) == 3 and kids[1].text in ("<<-", "->>"):
            target = kids[2] if kids[1].text == "->>" else kids[0]
            while not target.only("SYMBOL") and target.kids:
                target = target.kids[0]
            leaf = target.kids[0] if target.kids else target
            if leaf.token != "SYMBOL":
                raise Unsupported(node, f"'{kids[1].text}' to {scopes.snippet(porter, target)}")
            if leaf.text not in {n for n, _ in found}:
                found.append((leaf.text, node))
    return found


def declarations(porter: Porter, fn: Node, body: Node, indent: int) -> list[str]:
    """`nonlocal x` where x is an enclosing function's, `global x` otherwise: where R's `<<-`
    finds (or, when no enclosing function has it, makes) the variable."""
    own = locals_of(porter, fn)
    outer: list[str] = []
    shared: list[str] = []
    for name, node in superassigned(porter, body):
        if name in own:
            raise Unsupported(node, f"'<<-' to {name}, also a local variable of the function")
        py = scopes.safe_name(porter, name)
        if any(name in scope for scope in porter.enclosing):
            shared.append(py)
        else:
            outer.append(py)
    pad = " " * (indent + 4)
    lines = [f"{pad}global {', '.join(outer)}"] if outer else []
    return lines + ([f"{pad}nonlocal {', '.join(shared)}"] if shared else [])

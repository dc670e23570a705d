"""Values: list() and c() (names kept), typed empty vectors, identical()."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import expressions, scopes
from ..emit import P_CMP, Py, atom, bracketed, call, py_string, wrap
from ..result import Unsupported
from ..tree import Node

if TYPE_CHECKING:
    from ..porter import Porter


def vector_call(porter: Porter, node: Node, args: list[tuple[str | None, Node]]) -> Py:
    """list(...) and c(...): a list, or a dict when every element is named."""
    name = scopes.call_name(porter, node)
    if not args:
        return atom("[]") if name == "list" else atom("None")
    if name == "list" and len(args) == 1 and args[0][1].only("SYMBOL") and args[0][1].kids[0].text == "...":
        if not porter.dots:
            raise Unsupported(node, "... outside a function taking ...")
        porter.runtime.add("dots_list")
        return call("dots_list", atom("dots"), atom("named_dots"))
    if all(k is not None for k, _ in args):
        if name == "c":
            raise Unsupported(node, "c() with names (a named vector)")
        return bracketed(
            "", "{", [(f"{py_string(k or '')}: ", expressions.expr(porter, v)) for k, v in args], "}"
        )
    if any(k is not None for k, _ in args):
        raise Unsupported(node, f"{name}() with some elements named and some not")
    values = [expressions.expr(porter, v) for _, v in args]
    if name == "c":
        porter.runtime.add("c")
        return bracketed("c", "(", [("", v) for v in values], ")")
    return bracketed("", "[", [("", v) for v in values], "]")


def empty_vector(porter: Porter, node: Node, args: list[tuple[str | None, Node]]) -> Py:
    """character(0), numeric(), logical(0): an empty list (R's empty vectors)."""
    kind = scopes.call_name(porter, node) or ""
    if len(args) > 1:
        raise Unsupported(node, f"{kind}() with these arguments")
    if args and scopes.number_value(porter, args[0][1]) != 0.0:
        porter.runtime.add("r_vector")
        return call("r_vector", atom(py_string(kind)), expressions.expr(porter, args[0][1]))
    porter.runtime.add("typed_empty")
    return call("typed_empty", atom(py_string(scopes.call_name(porter, node) or "")))


def identical(porter: Porter, node: Node, args: list[tuple[str | None, Node]]) -> Py:
    """identical() compares R types too (1L and 1 differ): ported only against NULL, TRUE/FALSE
    or a string, where Python's `is None`, `is True` and `==` mean the same."""
    if len(args) != 2 or any(k is not None for k, _ in args):
        raise Unsupported(node, "identical() with other than two arguments")
    (_, a), (_, b) = args
    for this, other in ((a, b), (b, a)):
        leaf = this.kids[0] if len(this.kids) == 1 else this
        if leaf.token == "NULL_CONST":
            return atom(f"{wrap(expressions.maybe_absent(porter, other), P_CMP + 1)} is None", P_CMP)
        if (leaf.token == "NUM_CONST" and leaf.text in ("TRUE", "FALSE")) or (
            leaf.token == "SYMBOL" and leaf.text in ("TRUE", "FALSE", "T", "F")
        ):
            value = "True" if leaf.text in ("TRUE", "T") else "False"
            return atom(f"{wrap(expressions.expr(porter, other), P_CMP + 1)} is {value}", P_CMP)
    for this, other in ((a, b), (b, a)):
        if this.only("STR_CONST"):
            left, right = expressions.expr(porter, other), expressions.expr(porter, this)
            return atom(f"{wrap(left, P_CMP + 1)} == {wrap(right, P_CMP + 1)}", P_CMP)
    porter.runtime.add("identical")
    return call("identical", expressions.expr(porter, a), expressions.expr(porter, b))

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
    if any(k is not None for k, _ in args) and (name == "c" or not all(k for k, _ in args)):
        # c(a = 1, b = 2), or list(1, a = 2): the runtime keeps the names, R's way.
        helper = "c_named" if name == "c" else "named_list"
        porter.runtime.add(helper)
        labels = bracketed("", "[", [("", atom(py_string(k) if k else "None")) for k, _ in args], "]")
        return bracketed(
            helper, "(", [("", labels), *(("", expressions.expr(porter, v)) for _, v in args)], ")"
        )
    if all(k is not None for k, _ in args):
        if len({k for k, _ in args}) != len(args):
            raise Unsupported(node, "list() with a name given twice")
        return bracketed(
            "", "{", [(f"{py_string(k or '')}: ", expressions.expr(porter, v)) for k, v in args], "}"
        )
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
    known = literal_identical(porter, a, b)
    if known is not None:
        return known
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


def _literal_numbers(porter: Porter, node: Node) -> list[tuple[float, bool]] | None:
    """A number written in the script, or c() of them: each value and whether it is an integer
    (1L); None for anything known only when it runs."""
    while len(node.kids) == 1:
        node = node.kids[0]
    kids = node.kids
    if node.token == "NUM_CONST":
        number = scopes.number_value(porter, node)
        return None if number is None else [(number, node.text.endswith("L"))]
    if len(kids) == 2 and kids[0].token == "'-'":
        inner = _literal_numbers(porter, kids[1])
        return None if inner is None or len(inner) != 1 else [(-inner[0][0], inner[0][1])]
    if scopes.call_name(porter, node) == "c" and scopes.call_package(porter, node) is None:
        out: list[tuple[float, bool]] = []
        for key, value in scopes.call_args(porter, node):
            part = _literal_numbers(porter, value)
            if key is not None or part is None:
                return None
            out.extend(part)
        # c() of integers and doubles is double throughout.
        return out if all(i for _, i in out) else [(v, False) for v, _ in out]
    return None


def literal_identical(porter: Porter, a: Node, b: Node) -> Py | None:
    """identical() of two numbers written in the script: R's answer, known when porting."""
    left, right = _literal_numbers(porter, a), _literal_numbers(porter, b)
    if left is None or right is None:
        return None
    return atom("True" if left == right else "False")


def class_of(porter: Porter, node: Node, args: list[tuple[str | None, Node]]) -> Py:
    """class(x): known when porting for a literal or a value of a known kind, else the runtime's
    r_class (which stops, flagged, on a whole number: Python does not tell R's 1L from 1)."""
    if len(args) != 1 or args[0][0] not in (None, "x"):
        raise Unsupported(node, "class() with these arguments")
    value = args[0][1]
    numbers = _literal_numbers(porter, value)
    if numbers is not None:
        return atom(py_string("integer" if all(i for _, i in numbers) else "numeric"))
    known = {"string": "character", "logical": "logical"}.get(scopes.kind(porter, value) or "")
    if known is not None:
        return atom(py_string(known))
    porter.runtime.add("r_class")
    return call("r_class", expressions.expr(porter, value))

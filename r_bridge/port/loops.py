"""Loops: for (over ranges R's seq_along/seq_len/a:b give, or a vector's elements), while,
repeat, and an apply run only for its side effects."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import expressions, functions, scopes, statements
from .emit import P_ADD, Py, atom, call, layout, wrap
from .result import Unsupported
from .tree import Node
from .vocabulary import DISCARD

if TYPE_CHECKING:
    from .porter import Porter


def apply_loop(
    porter: Porter, node: Node, args: list[tuple[str | None, Node]], indent: int
) -> list[str] | None:
    """An apply run for its side effects (its value dropped) is a for loop."""
    named = {k: v for k, v in args if k is not None}
    positional = [v for k, v in args if k is None]
    items = named.get("X") or (positional[0] if positional else None)
    fn = named.get("FUN") or (positional[1] if len(positional) > 1 else None)
    extra = [k for k in named if k not in ("X", "FUN", "FUN.VALUE", "USE.NAMES", "simplify")]
    if (
        items is None
        or fn is None
        or extra
        or len(positional) > 2 + (scopes.call_name(porter, node) == "vapply")
    ):
        return None
    if not (fn.kids and fn.kids[0].token in ("FUNCTION", "'\\\\'")):
        return None
    params, body = functions.function_parts(porter, fn)
    if len(params) != 1 or params[0][1] is not None:
        return None
    porter.runtime.add("each")
    lines = layout(f"for {params[0][0]} in ", call("each", expressions.expr(porter, items)), ":", indent)
    lines.extend(statements.body_lines(porter, body, indent + 4, DISCARD))
    return lines


def for_statement(porter: Porter, node: Node, indent: int) -> list[str]:
    kids = node.kids
    cond = kids[1].kids  # '(' SYMBOL IN expr ')'
    var = scopes.py_name(porter, cond[1])
    porter.variables.add(var)
    iterable = iteration(porter, cond[3])
    if iterable.text.startswith("range("):
        porter.numeric.add(var)
    lines = layout(f"for {var} in ", iterable, ":", indent)
    lines.extend(statements.body_lines(porter, kids[2], indent + 4, DISCARD))
    return lines


def iteration(porter: Porter, node: Node) -> Py:
    """What a for loop walks: seq_along/seq_len/`a:b` become ranges."""
    name = scopes.call_name(porter, node)
    kids = node.kids
    if name in ("seq_along", "seq_len"):
        args = scopes.call_args(porter, node)
        if len(args) != 1:
            raise Unsupported(node, f"{name}() with {len(args)} arguments")
        if name == "seq_along":
            porter.runtime.add("length")
            bound = atom(f"length({expressions.expr(porter, args[0][1]).text}) + 1", P_ADD)
        else:
            bound = plus_one(porter, args[0][1])
        return call("range", atom("1"), bound)
    constant_ends = len(kids) == 3 and all(scopes.number_value(porter, kids[i]) is not None for i in (0, 2))
    if constant_ends and kids[1].token == "':'":
        return colon_range(porter, node, kids[0], kids[2])
    # A named list's values, a string once, NULL never: what R walks.
    porter.runtime.add("each")
    return call("each", expressions.expr(porter, node))


def colon_range(porter: Porter, node: Node, left: Node, right: Node) -> Py:
    """`a:b` with constant ends; R counts down when b < a (`1:length(x)` is 1 0 for an
    empty x), so ends known only when it runs are not ported."""
    start, end = scopes.number_value(porter, left), scopes.number_value(porter, right)
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


def plus_one(porter: Porter, node: Node) -> Py:
    number = scopes.number_value(porter, node)
    if number is not None and number.is_integer():
        return atom(str(int(number) + 1))
    value = expressions.expr(porter, node)
    if scopes.is_numeric(porter, node) or scopes.call_name(porter, node) == "length":
        return atom(f"{wrap(value, P_ADD)} + 1", P_ADD)
    return atom(f"int({value.text}) + 1", P_ADD)


def while_loop(porter: Porter, node: Node, cond: Py, body: Node, indent: int) -> list[str]:
    lines = layout("while ", cond, ":", indent)
    lines.extend(statements.body_lines(porter, body, indent + 4, DISCARD))
    return lines

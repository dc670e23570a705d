"""The apply family, purrr and functions given as values: the runtime's helper, the function
argument as a Python function."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from .. import expressions, functions, scopes
from ..emit import Py, atom, bracketed
from ..result import Unsupported
from ..tree import Node

if TYPE_CHECKING:
    from ..porter import Porter


def function_value(porter: Porter, node: Node) -> Py:
    """A function given as a value (to lapply, Filter, do.call...): the script's own, an
    anonymous one, or a built-in the runtime implements."""
    fkids = node.kids
    if fkids and fkids[0].token in ("FUNCTION", "'\\\\'"):
        return functions.anonymous_function(porter, node)
    leaf = fkids[0] if len(fkids) == 1 else node
    name = (
        leaf.value if leaf.token == "STR_CONST" else leaf.text.strip("`") if leaf.token == "SYMBOL" else None
    )
    if name is None:
        raise Unsupported(node, "a function given as an expression")
    if scopes.safe_name(porter, name) in porter.needs_call:
        raise Unsupported(node, f"{name}, which names its call in warnings, given as a function")
    if leaf.token == "SYMBOL" and scopes.safe_name(porter, name) in {*porter.functions, *porter.variables}:
        return atom(scopes.safe_name(porter, name))
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
    "sqrt": "sqrt",
    "abs": "abs_",
    "+": "plus",
    "-": "minus",
    "*": "times",
}


def higher_order(
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
                    raise Unsupported(node, f"{scopes.call_name(porter, node)}() argument {key} =")
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
            raise Unsupported(node, f"{scopes.call_name(porter, node)}() without {missing[0]}")
        porter.runtime.add(name)
        items = []
        for i, given_value in enumerate(given.values()):
            if given_value is None:
                continue
            items.append(
                (
                    "",
                    function_value(porter, given_value)
                    if i == function_at
                    else expressions.expr(porter, given_value),
                )
            )
        items += [("", expressions.expr(porter, v)) for v in extra]
        return bracketed(name, "(", items, ")")

    return translate

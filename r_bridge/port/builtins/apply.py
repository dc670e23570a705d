"""The apply family, purrr and functions given as values: the runtime's helper, the function
argument as a Python function."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from .. import expressions, functions, scopes
from ..emit import Py, atom, bracketed, lambda_of, py_string, python_keyword
from ..result import Unsupported
from ..tree import Node

if TYPE_CHECKING:
    from ..porter import Porter


def function_value(porter: Porter, node: Node) -> Py:
    """A function given as a value (to lapply, Filter, do.call...): the script's own, an
    anonymous one, or a built-in the runtime implements."""
    fkids = node.kids
    if is_formula(node):
        return formula_function(porter, node)
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
    "rep": "rep",
    "is.na": "is_na",
    "format": "format_value",
    "formatC": "format_c",
    "sqrt": "sqrt",
    "abs": "abs_",
    "+": "plus",
    "-": "minus",
    "*": "times",
}


def higher_order(
    name: str, params: tuple[str, ...], function_at: int, extractor: bool = False
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
                    if i == function_at and not (extractor and scopes.is_constant(porter, given_value))
                    else expressions.expr(porter, given_value),
                )
            )
        items += [("", expressions.expr(porter, v)) for v in extra]
        return bracketed(name, "(", items, ")")

    return translate


def formula_function(porter: Porter, node: Node) -> Py:
    """purrr's `~ .x + 1`: a function of .x (also `.` and ..1) and .y (..2)."""
    scope = {".x": "dot_x", ".": "dot_x", "..1": "dot_x", ".y": "dot_y", "..2": "dot_y"}
    porter.conditions.append(scope)
    try:
        body = expressions.expr(porter, node.kids[1])
    finally:
        porter.conditions.pop()
    return lambda_of("dot_x=None, dot_y=None, *_", body)


def is_formula(node: Node) -> bool:
    return len(node.kids) == 2 and node.kids[0].token == "'~'"


def mapply_call(porter: Porter, node: Node, args: list[tuple[str | None, Node]]) -> Py:
    """mapply(FUN, ..., MoreArgs, SIMPLIFY, USE.NAMES): named ... arguments go as `named`."""
    fn: Node | None = None
    lists: list[Py] = []
    named: list[tuple[str, Py]] = []
    options: list[tuple[str, Py]] = []
    for key, value in args:
        if key == "FUN" or (key is None and fn is None):
            fn = value
        elif key in ("MoreArgs", "SIMPLIFY", "USE.NAMES"):
            options.append((f"{python_keyword(key)}=", expressions.expr(porter, value)))
        elif key is None:
            lists.append(expressions.expr(porter, value))
        else:
            named.append((f"{py_string(key)}: ", expressions.expr(porter, value)))
    if fn is None or not (lists or named):
        raise Unsupported(node, "mapply() without a function or without vectors")
    porter.runtime.add("mapply")
    items = [("", function_value(porter, fn)), *(("", v) for v in lists)]
    if named:
        items.append(("named=", bracketed("", "{", named, "}")))
    return bracketed("mapply", "(", items + options, ")")


def pluck_call(porter: Porter, node: Node, args: list[tuple[str | None, Node]]) -> Py:
    """purrr::pluck(.x, ..., .default): indices in turn, .default when one is absent."""
    items: list[tuple[str, Py]] = []
    for key, value in args:
        if key == ".default":
            items.append(("_default=", expressions.expr(porter, value)))
        elif key in (None, ".x"):
            items.insert(len([i for i in items if not i[0]]), ("", expressions.expr(porter, value)))
        else:
            raise Unsupported(node, f"pluck() argument {key} =")
    porter.runtime.add("pluck")
    return bracketed("pluck", "(", items, ")")

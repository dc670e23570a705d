"""switch(): as a statement, a chain on the alternative the runtime picks (by name, falling
through empty ones, or by position for a number), each alternative a block; inside an expression,
a lookup on a name."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import expressions, scopes, signals, statements
from .emit import P_ATOM, P_CMP, P_IFELSE, P_OR, Py, atom, bracketed, layout, py_string, wrap
from .result import Unsupported
from .tree import Node, deparse_r
from .vocabulary import Tail

if TYPE_CHECKING:
    from .porter import Porter


def index_call(porter: Porter, node: Node, args: list[tuple[str | None, Node]]) -> Py:
    """The runtime's choice of an alternative: `switch_index(x, names, empty=, duplicate=)`."""
    if not args or args[0][0] not in (None, "EXPR"):
        raise Unsupported(node, "switch() without a value to switch on")
    cases = args[1:]
    if not cases:
        raise Unsupported(node, "switch() without alternatives")
    names = [k for k, _ in cases]
    empty = [i for i, (_, v) in enumerate(cases) if v.token == "EQ_SUB"]
    defaults = [v for k, v in cases if k is None]
    porter.runtime.add("switch_index")
    items: list[tuple[str, Py]] = [
        ("", expressions.expr(porter, args[0][1])),
        ("", py_tuple_of(["None" if n is None else py_string(n) for n in names])),
    ]
    if empty:
        items.append(("empty=", atom(py_tuple([str(i) for i in empty]))))
    if len(defaults) > 1:
        # R stops when a string picks, naming the first two defaults as it deparses them.
        shown = [py_string(deparse_r(scopes.snippet(porter, d))) for d in defaults[:2]]
        items.append(("duplicate=", atom(f"({shown[0]}, {shown[1]})")))
        items.extend(signals.error_call(porter))
    return bracketed("switch_index", "(", items, ")")


def py_tuple_of(texts: list[str]) -> Py:
    """A tuple that may break over lines, one item a line, as formatters break it."""
    return bracketed("", "(", [("", atom(t)) for t in texts], ",)" if len(texts) == 1 else ")")


def py_tuple(texts: list[str]) -> str:
    return f"({texts[0]},)" if len(texts) == 1 else "(" + ", ".join(texts) + ")"


def switch_statement(
    porter: Porter, node: Node, args: list[tuple[str | None, Node]], indent: int, tail: Tail
) -> list[str]:
    pad = " " * indent
    cases = args[1:]
    empty = [i for i, (_, v) in enumerate(cases) if v.token == "EQ_SUB"]
    lines = layout("_case = ", index_call(porter, node, args), "", indent)
    keyword = "if"
    for index, (_, value) in enumerate(cases):
        if index in empty:
            continue
        lines.append(f"{pad}{keyword} _case == {index}:")
        lines.extend(statements.body_lines(porter, value, indent + 4, tail))
        keyword = "elif"
    if tail[0] == "assign":
        lines.extend([f"{pad}else:", f"{pad}    {tail[1]} = None"])  # nothing matched: NULL
    return lines


def switch_value(porter: Porter, node: Node, args: list[tuple[str | None, Node]]) -> Py:
    """switch(x, a = v1, b = v2, default): a dict lookup when the values are constants (R evaluates
    only the chosen one; constants make that moot), else a chain of conditional expressions."""
    args = scopes.call_args(porter, node, allow_empty=True)
    if not args or args[0][0] not in (None, "EXPR"):
        raise Unsupported(node, "switch() without a value to switch on")
    cases = args[1:]
    defaults = [v for k, v in cases if k is None]
    if any(v.token != "EQ_SUB" and not statements.is_plain_expression(porter, v) for _, v in cases):
        raise Unsupported(node, "switch() with a statement as a value, inside an expression")
    if (
        scopes.kind(porter, args[0][1]) != "string"
        or len(defaults) > 1
        or (defaults and cases[-1][0] is not None)
        or (cases and cases[-1][1].token == "EQ_SUB")
    ):
        # By position for a number, or R's rules for defaults: the runtime picks, and only the
        # alternative picked is evaluated.
        porter.runtime.add("switch_of")
        thunks = [
            ("", atom("None") if v.token == "EQ_SUB" else atom(f"lambda: {expressions.expr(porter, v).text}"))
            for _, v in cases
        ]
        return bracketed("switch_of", "(", [("", index_call(porter, node, args)), *thunks], ")")
    subject = expressions.expr(porter, args[0][1])
    # `a = , b = value`: an empty alternative falls through to the next one given.
    filled: list[tuple[str | None, Node]] = []
    for i, (key, value) in enumerate(cases):
        if value.token == "EQ_SUB":
            following = next((v for _, v in cases[i + 1 :] if v.token != "EQ_SUB"), None)
            if following is None:
                raise Unsupported(node, "switch() ending in an empty alternative")
            value = following
        filled.append((key, value))
    cases = filled
    named = [(k, v) for k, v in cases if k is not None]
    defaults = [v for k, v in cases if k is None]
    if len(defaults) > 1 or (defaults and cases[-1][0] is not None):
        raise Unsupported(node, "switch() on a number, or with more than one unnamed default")
    if any(not statements.is_plain_expression(porter, v) for _, v in cases):
        raise Unsupported(node, "switch() with a statement as a value")
    fallback = expressions.expr(porter, defaults[0]) if defaults else atom("None")
    if all(scopes.is_constant(porter, v) for _, v in cases):
        table = bracketed(
            "", "{", [(f"{py_string(k or '')}: ", expressions.expr(porter, v)) for k, v in named], "}"
        )
        return Py(
            f"{table.text}.get({subject.text}, {fallback.text})",
            P_ATOM,
            f"{table.text}.get",
            "(",
            [("", subject), ("", fallback)],
            ")",
        )
    text = wrap(fallback, P_IFELSE)
    parts = [f"else {text}"]
    for key, value in reversed(named):
        test = f"{wrap(subject, P_CMP + 1)} == {py_string(key or '')}"
        yes = wrap(expressions.expr(porter, value), P_OR)
        text = f"{yes} if {test} else {text}"
        parts[:0] = [f"else {yes}", f"if {test}"]
    parts[0] = parts[0].removeprefix("else ")
    return Py(text, P_IFELSE, parts=parts)

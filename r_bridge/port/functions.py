"""Function definitions and calls of the script's own functions, matched as R matches arguments."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import closures, expressions, scopes, signals, statements
from .emit import (
    P_LAMBDA,
    Py,
    atom,
    bracketed,
    layout,
    python_keyword,
)
from .result import Unsupported
from .tree import Node
from .vocabulary import (
    DISCARD,
    RETURN,
)

if TYPE_CHECKING:
    from .porter import Porter


def function_def(porter: Porter, name: str, fn: Node, indent: int) -> list[str]:
    params, body = function_parts(porter, fn)
    raw_names = [p for p, _ in function_parts(porter, fn, raw=True)[0]]
    absent = porter.omissible.get(name, set())
    pad = " " * indent
    signature = []
    prologue: list[str] = closures.declarations(porter, fn, body, indent)
    defaulted = False  # Python: after a parameter with a default, every one has one
    for (param, default), raw in zip(params, raw_names, strict=True):
        if param == "...":
            # R's ... is Python's *dots and **named_dots: what the call gave beyond the formals.
            signature.append("*dots")
            defaulted = False
        elif default is None and (raw in absent or defaulted):
            # A call may leave it out: R stops only where it is used (closures.argument_value).
            porter.runtime.add("MISSING")
            signature.append(f"{param}=MISSING")
            defaulted = True
        elif default is None:
            signature.append(param)
        elif raw in absent:
            raise Unsupported(fn, f"missing({raw}) of a parameter with a default")
        elif scopes.is_constant(porter, default):
            signature.append(f"{param}={expressions.expr(porter, default).text}")
            defaulted = True
        else:
            defaulted = True
            # R evaluates a default lazily, on first use; Python at definition: defer it.
            signature.append(f"{param}=None")
            prologue.extend(
                [
                    f"{pad}    if {param} is None:",
                    *layout(f"{param} = ", expressions.expr(porter, default), "", indent + 8),
                ]
            )
    has_dots = any(param == "..." for param, _ in params)
    named_call = name in porter.needs_call
    if named_call:
        # The call R names in this function's warnings and errors, as each call site wrote it.
        signature.append("r_call" if has_dots else "*, r_call")
    if has_dots:
        signature.append("**named_dots")
    porter.functions[name] = scopes.visible_body(porter, body)
    last = statements.body_items(porter, body)[-1:] or [body]
    if scopes.call_name(porter, last[0]) == "switch" and all(
        k is not None for k, _ in scopes.call_args(porter, last[0], allow_empty=True)[1:]
    ):
        porter.maybe_invisible.add(name)
    saved = set(porter.numeric)
    saved_dots, porter.dots = porter.dots, has_dots
    lines = [f"{pad}def {name}({', '.join(signature)}):", *prologue]
    items = body.children[1:-1] if body.kids and body.kids[0].token == "'{'" else [body]
    saved_frame, porter.frame_call = porter.frame_call, ("r_call" if named_call else None)
    saved_absent, porter.absent = porter.absent, {p for p in raw_names if p in absent}
    porter.enclosing.append(closures.locals_of(porter, fn))
    try:
        lines.extend(function_statements(porter, items, indent + 4))
    finally:
        porter.numeric = saved
        porter.dots = saved_dots
        porter.frame_call = saved_frame
        porter.absent = saved_absent
        porter.enclosing.pop()
    return lines


def function_parts(porter: Porter, fn: Node, raw: bool = False) -> tuple[list[tuple[str, Node | None]], Node]:
    """(parameters with their defaults, body); parameter names as Python names, or R's (`raw`)."""
    kids = fn.kids
    params: list[tuple[str, Node | None]] = []
    i = 2
    while kids[i].token != "')'":
        tok = kids[i]
        if tok.token == "SYMBOL_FORMALS":
            param = tok.text if raw or tok.text == "..." else scopes.py_name(porter, tok)
            if not raw:
                porter.variables.add(param)
            default = None
            if kids[i + 1].token == "EQ_FORMALS":
                default = kids[i + 2]
                i += 2
            params.append((param, default))
        i += 1
    return params, kids[i + 1]


def function_statements(porter: Porter, items: list[Node], indent: int) -> list[str]:
    """A function's body; `on.exit(expr)` runs expr however the rest ends: try/finally."""
    pad = " " * indent
    for position, item in enumerate(items):
        if item.token != "COMMENT" and scopes.call_name(porter, item) == "on.exit":
            args = scopes.call_args(porter, item)
            if len(args) != 1 or args[0][0] not in (None, "expr"):
                raise Unsupported(item, "on.exit() with add/after arguments")
            before = items[:position]
            lines = (
                statements.block_lines(porter, before, indent, DISCARD)
                if statements.has_statements(porter, before)
                else []
            )
            after = items[position + 1 :]
            lines.append(f"{pad}try:")
            if statements.has_statements(porter, after):
                lines.extend(function_statements(porter, after, indent + 4))
            else:
                lines.append(f"{pad}    pass")
            lines.append(f"{pad}finally:")
            lines.extend(statements.body_lines(porter, args[0][1], indent + 4, DISCARD))
            return lines
    return statements.block_lines(porter, items, indent, RETURN)


def anonymous_function(porter: Porter, node: Node) -> Py:
    params, body = function_parts(porter, node)
    if any(d is not None for _, d in params):
        raise Unsupported(node, "an anonymous function with default arguments")
    items = statements.body_items(porter, body)
    names = ", ".join(p for p, _ in params)
    if len(items) == 1 and statements.is_plain_expression(porter, items[0]):
        value = expressions.expr(porter, items[0])
        head = f"lambda {names}: " if names else "lambda: "
        if value.items is None:
            return atom(head + value.text, P_LAMBDA)
        # Long, it breaks inside the body's last bracket, as formatters break it.
        return Py(head + value.text, P_LAMBDA, head + value.head, value.opener, value.items, value.closer)
    # More than one statement: define it just before the statement that uses it.
    porter.hoisted += 1
    name = f"_function_{porter.hoisted}"
    porter.pending.append(function_def(porter, name, node, porter.indent))
    return atom(name)


def plain_call(porter: Porter, node: Node, func: str, args: list[tuple[str | None, Node]]) -> Py:
    """A call of the script's own function, its arguments matched as R matches them: exact
    names, then unique partial names, then positions; a parameter without a default left
    out is not ported (R stops only where it is used)."""
    named_call = signals.call_argument(porter, node, func)
    formals = porter.formals.get(func)
    if named_call is not None and formals is None:
        raise Unsupported(node, f"a call of {func}() whose parameters are not known")
    if formals is None:
        if any(k is not None for k, _ in args):
            raise Unsupported(node, "named arguments to a function whose parameters are not known")
        return bracketed(func, "(", [("", expressions.expr(porter, v)) for _, v in args], ")")
    matched, extra, extra_named = match_arguments(porter, node, func, args)
    porter.omissible.setdefault(func, set())
    for _, value in args:
        if value.only("SYMBOL") and value.kids[0].text in porter.absent:
            # R passes it on unevaluated; used there, or asked missing() of, it behaves otherwise
            raise Unsupported(node, f"passing on {value.kids[0].text}, which a call may leave out")
    for param, has_default in formals:
        if (
            param != "..."
            and param not in matched
            and not has_default
            and param not in porter.omissible[func]
        ):
            raise Unsupported(node, f"a call of {func}() leaving out {param}, which has no default")
    names = [p for p, _ in formals if p != "..."]
    dots_at = next((i for i, (p, _) in enumerate(formals) if p == "..."), None)
    before = [p for p, _ in formals[:dots_at]] if dots_at is not None else names
    if dots_at is None:
        in_order = all(k is None for k, _ in args)
        items = [
            ("" if in_order else f"{scopes.safe_name(porter, p)}=", expressions.expr(porter, matched[p]))
            for p in names
            if p in matched
        ]
    else:
        # Python binds positions first: the parameters before ... go by position, in order.
        given = [p for p in before if p in matched]
        if given != before[: len(given)] or (extra and len(given) < len(before)):
            raise Unsupported(node, f"a call of {func}() leaving out a parameter before ...")
        items = [("", expressions.expr(porter, matched[p])) for p in given]
        items += [("", expressions.expr(porter, v)) for v in extra]
        items += [
            (f"{scopes.safe_name(porter, p)}=", expressions.expr(porter, matched[p]))
            for p in names
            if p in matched and p not in before
        ]
        items += [(f"{python_keyword(k)}=", expressions.expr(porter, v)) for k, v in extra_named]
    if named_call is not None:
        items.append(named_call)
    return bracketed(func, "(", items, ")")


def match_arguments(
    porter: Porter, node: Node, func: str, args: list[tuple[str | None, Node]]
) -> tuple[dict[str, Node], list[Node], list[tuple[str, Node]]]:
    """R's matching of a call's arguments to func's formals: (formal -> argument, what goes
    into ... by position, and by name)."""
    formals = porter.formals[func]
    names = [p for p, _ in formals if p != "..."]
    dots_at = next((i for i, (p, _) in enumerate(formals) if p == "..."), None)
    before = [p for p, _ in formals[:dots_at]] if dots_at is not None else names
    matched: dict[str, Node] = {}
    named = [(k, v) for k, v in args if k is not None]
    extra_named: list[tuple[str, Node]] = []
    for key, value in list(named):
        if key in names:
            if key in matched:
                raise Unsupported(node, f"the argument {key} given twice")
            matched[key] = value
            named.remove((key, value))
    for key, value in named:
        # Partial names match only the parameters before ...; the rest go into ...
        prefixed = [p for p in before if p.startswith(key) and p not in matched]
        if len(prefixed) == 1:
            matched[prefixed[0]] = value
        elif dots_at is not None and not prefixed:
            extra_named.append((key, value))
        else:
            raise Unsupported(node, f"the argument {key} = matching no single parameter of {func}()")
    free = [p for p in before if p not in matched]
    positional = [v for k, v in args if k is None]
    if len(positional) > len(free) and dots_at is None:
        raise Unsupported(node, f"more arguments than {func}() takes")
    for param, value in zip(free, positional, strict=False):
        matched[param] = value
    extra = positional[len(free) :]
    return matched, extra, extra_named

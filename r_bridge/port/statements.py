"""Statements and blocks: assignments (copy on modify), if, for, while, repeat, and the carrying
over of what cannot be ported as UNPORTED lines that stop the script, flagged, when reached."""

from __future__ import annotations

from typing import TYPE_CHECKING

from paws_compat._redact import mask

from . import conditions, expressions, functions, loops, scopes, signals, switching
from .emit import (
    P_IFELSE,
    P_OR,
    Py,
    atom,
    call,
    layout,
    py_string,
    wrap,
)
from .result import Unported, Unsupported
from .tree import Node
from .vocabulary import (
    ASSIGN_TOKENS,
    DISCARD,
    PAWS_PACKAGES,
    PRINT,
    Tail,
    assign_to,
)

if TYPE_CHECKING:
    from .porter import Porter


def block_lines(porter: Porter, items: list[Node], indent: int, tail: Tail, every: bool = False) -> list[str]:
    """Statements (and comments) of one block; `tail` applies to the last one, or to all (`every`)."""
    kept = [n for n in items if n.token not in ("COMMENT", "';'", "'{'", "'}'")]
    out: list[str] = []
    last_line_end: tuple[int, int] | None = None
    previous_def = False
    comment_lines: dict[int, int] = {}  # index in `out` of a standalone comment -> its R line
    for item in items:
        if item.token == "COMMENT":
            if item.id in porter.consumed:
                continue
            porter.consumed.add(item.id)
            text = comment_text(porter, item)
            if text is None:
                continue
            if last_line_end is not None and item.line1 == last_line_end[0] and out:
                out[-1] = out[-1] + "  " + text
            else:
                previous = comment_lines.get(len(out) - 1) if out else None
                gap_from = previous if previous is not None else (last_line_end[0] if last_line_end else None)
                if out and gap_from is not None and item.line1 > gap_from + 1:
                    out.append("")
                comment_lines[len(out)] = item.line1
                out.append(" " * indent + text)
            continue
        if item.token in ("';'", "'{'", "'}'"):
            continue
        is_last = item is kept[-1]
        lines = one_statement(porter, item, indent, tail if (every or is_last) else DISCARD)
        blank = 2 if indent == 0 else 1
        code_lines = [line for line in lines if line.strip() and not line.lstrip().startswith("#")]
        is_def = bool(code_lines) and code_lines[0].startswith(" " * indent + "def ")
        start = len(out)
        while start > 0 and out[start - 1].lstrip().startswith("#") and comment_lines.get(start - 1):
            start -= 1  # leading comments stay with their statement
        first_line = item.line1 if start == len(out) else comment_lines[start]
        if out and (is_def or previous_def):
            blank_lines(porter, out, start, blank)
        elif out and last_line_end is not None and first_line > last_line_end[0] + 1:
            blank_lines(porter, out, start, 1)  # keep the script's paragraphs
        out.extend(lines)
        if every and signals.may_warn(porter, item) and not scopes.defines_function(porter, item):
            # Rscript prints the warnings a top-level statement gave once it is done.
            porter.runtime.add("print_warnings")
            out.append(" " * indent + "print_warnings()")
        previous_def = is_def and scopes.defines_function(porter, item)
        last_line_end = (item.line2, item.col2)
    if not any(line.strip() and not line.strip().startswith("#") for line in out):
        out.append(" " * indent + "pass")
    return out


def blank_lines(porter: Porter, out: list[str], at: int, count: int) -> None:
    """Exactly `count` blank lines before out[at] (fewer where the block starts)."""
    before = at
    while before > 0 and out[before - 1] == "":
        before -= 1
    if before == 0:
        count = 0
    out[before:at] = [""] * count


def comment_text(porter: Porter, node: Node) -> str | None:
    if node.line1 == 1 and node.text.startswith("#!"):
        return None
    return node.text


def one_statement(porter: Porter, node: Node, indent: int, tail: Tail) -> list[str]:
    """One statement, or its original lines as UNPORTED comments."""
    saved_pending, porter.pending = porter.pending, []
    saved_indent, porter.indent = porter.indent, indent
    saved_consumed = set(porter.consumed)
    try:
        lines = translate_statement(porter, node, indent, tail)
    except Unsupported as exc:
        porter.consumed = saved_consumed
        lines = carry_over(porter, node, indent, exc)
    # Hoisted functions, each followed by the blank lines formatters put after a function.
    gap = [""] * (2 if indent == 0 else 1)
    pre = [line for chunk in porter.pending for line in [*chunk, *gap]]
    porter.pending = saved_pending
    porter.indent = saved_indent
    # Comments inside the statement that no nested block placed go before it.
    stray = [c for c in node.walk() if c.token == "COMMENT" and c.id not in porter.consumed]
    notes = []
    for comment in stray:
        porter.consumed.add(comment.id)
        notes.append(" " * indent + comment.text)
    return notes + pre + lines


def carry_over(porter: Porter, node: Node, indent: int, exc: Unsupported) -> list[str]:
    pad = " " * indent
    original = porter.lines[node.line1 - 1 : node.line2]
    for c in node.walk():
        if c.token == "COMMENT":
            porter.consumed.add(c.id)
    porter.unported.append(Unported(node.line1, node.line2, scopes.snippet(porter, exc.node), exc.what))
    lines = [f"{pad}# UNPORTED ({porter.filename}:{exc.node.line1}: {exc.what}):"]
    lines.extend(f"{pad}#     {text}" for text in original)
    # Running on past it would be guessing: the ported script stops here, flagged.
    porter.runtime.add("unported")
    where = py_string(mask(f"{porter.filename}:{exc.node.line1}"))
    lines.extend(layout("", call("unported", atom(where), atom(py_string(mask(exc.what)))), "", indent))
    return lines


def translate_statement(porter: Porter, node: Node, indent: int, tail: Tail) -> list[str]:
    pad = " " * indent
    kids = node.kids
    if (
        node.token in ("expr", "expr_or_assign_or_help", "equal_assign")
        and len(kids) == 3
        and (kids[1].token in ASSIGN_TOKENS)
    ):
        lines = assignment(porter, node, indent)
        if tail[0] == "return" or tail[0] == "assign":
            # R gives the assigned value; a function ending in an assignment returns it invisibly.
            target = assigned_name(porter, node)
            if target is not None and tail[0] == "assign":
                lines.append(f"{pad}{tail[1]} = {target}")
        return lines
    first = kids[0] if kids else node
    if first.token == "IF":
        return if_statement(porter, node, indent, tail)
    if first.token == "FOR":
        return loops.for_statement(porter, node, indent)
    if first.token == "WHILE":
        return loops.while_loop(porter, node, expressions.condition_test_of(porter, kids[2]), kids[4], indent)
    if first.token == "REPEAT":
        return loops.while_loop(porter, node, atom("True"), kids[1], indent)
    if first.token == "'{'":
        return block_lines(porter, node.children[1:-1], indent, tail)
    if first.token == "'('" and len(kids) == 3:
        inner = kids[1]
        if tail == PRINT and len(inner.kids) == 3 and inner.kids[1].token in ASSIGN_TOKENS:
            # (x <- value): assigned, and visible
            lines = assignment(porter, inner, indent)
            target = assigned_name(porter, inner)
            if target is None:
                raise Unsupported(node, "(x$a <- value) printed")
            porter.runtime.add("rprint")
            return [*lines, f"{pad}rprint({target})"]
        if tail == PRINT:
            value = expressions.expr(porter, inner)
            porter.runtime.add("rprint")
            return layout("", call("rprint", value), "", indent)
        return translate_statement(porter, inner, indent, tail)
    if node.only("NEXT") or node.token == "NEXT":
        return [pad + "continue"]
    if node.only("BREAK") or node.token == "BREAK":
        return [pad + "break"]
    name = scopes.call_name(porter, node)
    if name is not None:
        special = statement_call(porter, node, name, indent, tail)
        if special is not None:
            return special
    value = expressions.expr(porter, node)
    if tail[0] == "assign":
        return layout(f"{tail[1]} = ", value, "", indent)
    if tail[0] == "return":
        return layout("return ", value, "", indent)
    if tail[0] == "print" and name is not None and scopes.safe_name(porter, name) in porter.maybe_invisible:
        raise Unsupported(node, f"auto-printing {name}(), whose value may be switch()'s invisible NULL")
    if tail[0] == "print" and scopes.visible(porter, node):
        porter.runtime.add("rprint")
        return layout("", call("rprint", value), "", indent)
    return layout("", value, "", indent)


def statement_call(porter: Porter, node: Node, name: str, indent: int, tail: Tail) -> list[str] | None:
    """Calls that become Python statements; None for the others."""
    pad = " " * indent
    args = scopes.call_args(porter, node, allow_empty=name == "switch")
    if name in ("suppressWarnings", "suppressMessages") and len(args) == 1:
        kind = "warning" if name == "suppressWarnings" else "message"
        return signals.suppressed(porter, node, kind, args[0][1], indent, tail)
    if name == "withCallingHandlers":
        return signals.calling_handlers(porter, node, args, indent, tail)
    if name == "switch":
        return switching.switch_statement(porter, node, args, indent, tail)
    if name in ("library", "require", "requireNamespace", "suppressPackageStartupMessages"):
        if name.startswith("suppress") and args:
            return translate_statement(porter, args[0][1], indent, tail)
        package = args[0][1] if args else None
        package_name = scopes.package_name(porter, package) if package is not None else None
        if package_name in PAWS_PACKAGES:
            return [f"{pad}# {scopes.snippet(porter, node)}: paws_compat is imported above"]
        if package_name == "jsonlite":
            return [f"{pad}# {scopes.snippet(porter, node)}: the runtime's to_json/from_json stand in"]
        if package_name == "magrittr":
            return [f"{pad}# {scopes.snippet(porter, node)}: its pipe is a plain call"]
        if package_name == "purrr":
            return [f"{pad}# {scopes.snippet(porter, node)}: the runtime's map, keep, pluck... stand in"]
        raise Unsupported(node, f"package {package_name or '?'} is not ported")
    if name == "tryCatch":
        return conditions.try_catch(porter, node, args, indent, tail)
    if name == "try":
        return signals.try_statement(porter, node, args, indent, tail)
    if name == "return":
        if not args:
            return [pad + "return"]
        return layout("return ", expressions.expr(porter, args[0][1]), "", indent)
    if name == "stop":
        return layout("raise ", conditions.stop_value(porter, node, args), "", indent)
    if name in ("quit", "q"):
        porter.stdlib.add("sys")
        status = dict(args).get("status") or (args[1][1] if len(args) > 1 else None)
        return layout(
            "", call("sys.exit", expressions.expr(porter, status) if status else atom("0")), "", indent
        )
    if name == "Sys.setenv":
        lines = []
        porter.stdlib.add("os")
        for key, value in args:
            if key is None:
                raise Unsupported(node, "Sys.setenv() without names")
            lines.extend(
                layout(f"os.environ[{py_string(key)}] = ", expressions.expr(porter, value), "", indent)
            )
        return lines
    if name == "invisible" and len(args) == 1:
        return translate_statement(porter, args[0][1], indent, DISCARD if tail == PRINT else tail)
    if name in ("lapply", "sapply", "vapply") and tail == DISCARD:
        return loops.apply_loop(porter, node, args, indent)
    return None


# Calls whose value is assigned from a Python statement (`x <- tryCatch(...)` is a try statement).
VALUE_STATEMENTS = frozenset(
    {"tryCatch", "try", "switch", "suppressWarnings", "suppressMessages", "withCallingHandlers"}
)


def assigned_name(porter: Porter, node: Node) -> str | None:
    kids = node.kids
    target = kids[2] if kids[1].text in ("->", "->>") else kids[0]
    if target.only("SYMBOL") or target.token == "SYMBOL":
        return scopes.py_name(porter, target.kids[0] if target.kids else target)
    return None


def assignment(porter: Porter, node: Node, indent: int) -> list[str]:
    kids = node.kids
    op = kids[1]
    # `<<-` assigns where the function's `global`/`nonlocal` declaration (closures) points.
    target, value = (kids[2], kids[0]) if op.text in ("->", "->>") else (kids[0], kids[2])
    if target.only("SYMBOL") or target.only("STR_CONST"):
        leaf = target.kids[0]
        name = (
            scopes.py_name(porter, leaf)
            if leaf.token == "SYMBOL"
            else scopes.safe_name(porter, leaf.value or "")
        )
        porter.numeric.discard(name)
        porter.variables.add(name)
        vkids = value.kids
        if vkids and vkids[0].token in ("FUNCTION", "'\\\\'"):
            return functions.function_def(porter, name, value, indent)
        if scopes.call_name(porter, value) in VALUE_STATEMENTS:
            special = statement_call(
                porter, value, scopes.call_name(porter, value) or "", indent, assign_to(name)
            )
            if special is not None:
                return special
        if vkids and vkids[0].token == "IF":
            simple = conditional_expression(porter, value)
            if simple is not None:
                return layout(f"{name} = ", simple, "", indent)
            return if_statement(porter, value, indent, assign_to(name))
        if scopes.is_numeric(porter, value):
            porter.numeric.add(name)
        if (
            name in porter.mappings
            and scopes.call_name(porter, value) == "list"
            and not scopes.call_args(porter, value)
        ):
            return [f"{' ' * indent}{name} = {{}}"]
        return layout(f"{name} = ", expressions.expr(porter, value), "", indent)
    return replace_element(porter, target, expressions.expr(porter, value), indent)


def replace_element(porter: Porter, target: Node, value: Py, indent: int) -> list[str]:
    """`x$a[[k]] <- v`: x is rebound to a changed copy (`set_elt`), as R copies on modify, so
    another variable holding the old value never sees the change. NULL removes an element."""
    tkids = target.kids
    while len(tkids) == 1:
        target = tkids[0]
        tkids = target.kids
    if target.token == "SYMBOL":
        name = scopes.py_name(porter, target)
        if conditions.condition_name(porter, target) is not None or name in porter.clients:
            raise Unsupported(target, f"changing {scopes.snippet(porter, target)}")
        return layout(f"{name} = ", value, "", indent)
    if len(tkids) == 3 and tkids[1].token == "'$'":
        key: Py = atom(py_string((tkids[2].value if tkids[2].token == "STR_CONST" else tkids[2].text) or ""))
    elif len(tkids) == 5 and tkids[1].token == "LBB":
        key = expressions.expr(porter, tkids[2])
    else:
        raise Unsupported(target, f"assignment to {scopes.snippet(porter, target)}")
    porter.runtime.add("set_elt")
    return replace_element(
        porter, tkids[0], call("set_elt", place_value(porter, tkids[0]), key, value), indent
    )


def place_value(porter: Porter, node: Node) -> Py:
    """The current value of an assignment's place (`x`, `x$a`, `x[[k]]`)."""
    while len(node.kids) == 1:
        node = node.kids[0]
    if node.token == "SYMBOL":
        return atom(scopes.py_name(porter, node))
    return expressions.subscript(porter, node)


def is_length_plus_one(porter: Porter, index: Node, base: Node) -> bool:
    k = index.kids
    if len(k) == 3 and k[1].token == "'+'" and scopes.number_value(porter, k[2]) == 1.0:
        inner = k[0]
        if scopes.call_name(porter, inner) == "length":
            args = scopes.call_args(porter, inner)
            return len(args) == 1 and scopes.snippet(porter, args[0][1]) == scopes.snippet(porter, base)
    return False


def has_statements(porter: Porter, items: list[Node]) -> bool:
    return any(n.token not in ("COMMENT", "';'") for n in items)


def body_lines(porter: Porter, body: Node, indent: int, tail: Tail) -> list[str]:
    if body.kids and body.kids[0].token == "'{'":
        return block_lines(porter, body.children[1:-1], indent, tail)
    return block_lines(porter, [body], indent, tail)


def body_items(porter: Porter, body: Node) -> list[Node]:
    if body.kids and body.kids[0].token == "'{'":
        return [n for n in body.children[1:-1] if n.token not in ("COMMENT", "';'")]
    return [body]


def if_statement(porter: Porter, node: Node, indent: int, tail: Tail, keyword_: str = "if") -> list[str]:
    kids = node.kids
    pad = " " * indent
    lines = layout(f"{keyword_} ", expressions.condition_test_of(porter, kids[2]), ":", indent)
    lines.extend(body_lines(porter, kids[4], indent + 4, tail))
    if len(kids) > 5:
        other = kids[6]
        if other.kids and other.kids[0].token == "IF":
            lines.extend(if_statement(porter, other, indent, tail, "elif"))
        else:
            lines.append(f"{pad}else:")
            lines.extend(body_lines(porter, other, indent + 4, tail))
    elif tail[0] == "assign":
        # R's `x <- if (c) v` gives NULL when c is false.
        lines.extend([f"{pad}else:", f"{pad}    {tail[1]} = None"])
    return lines


def conditional_expression(porter: Porter, node: Node) -> Py | None:
    """`if (c) a else b` with one plain expression per branch, as `a if c else b`."""
    kids = node.kids
    if len(kids) != 7:
        return None
    branches = [body_items(porter, kids[4]), body_items(porter, kids[6])]
    if any(len(b) != 1 or not is_plain_expression(porter, b[0]) for b in branches):
        return None
    yes, no = expressions.expr(porter, branches[0][0]), expressions.expr(porter, branches[1][0])
    cond = expressions.condition_test_of(porter, kids[2])
    return atom(f"{wrap(yes, P_OR)} if {wrap(cond, P_OR)} else {wrap(no, P_IFELSE)}", P_IFELSE)


def is_plain_expression(porter: Porter, node: Node) -> bool:
    kids = node.kids
    if not kids:
        return True
    if kids[0].token in ("IF", "FOR", "WHILE", "REPEAT", "'{'", "FUNCTION"):
        return False
    if len(kids) == 3 and kids[1].token in ASSIGN_TOKENS:
        return False
    name = scopes.call_name(porter, node)
    return name not in VALUE_STATEMENTS | {"stop", "return", "library", "quit", "q", "Sys.setenv"}

"""Names and types: R names as Python identifiers, what is known of a value's kind before it
runs (a scalar number, string or logical, or unknown), calls and their arguments as R wrote them,
and whether R would print a value."""

from __future__ import annotations

import contextlib
import keyword
from typing import TYPE_CHECKING

from . import functions, statements
from .result import Unsupported
from .tree import Node
from .vocabulary import (
    ASSIGN_TOKENS,
    BINARY_OPS,
    INVISIBLE_CALLS,
    PAWS_PACKAGES,
    RESERVED,
    SERVICES,
)

if TYPE_CHECKING:
    from .porter import Porter


def defines_function(porter: Porter, node: Node) -> bool:
    kids = node.kids
    return (
        len(kids) == 3
        and kids[1].token in ASSIGN_TOKENS
        and bool(kids[2].kids)
        and kids[2].kids[0].token in ("FUNCTION", "'\\\\'")
    )


def declare_functions(porter: Porter, top: list[Node]) -> None:
    """Every `name <- function(...)` of the script, so a call may come before the definition;
    and every list filled by name (`x$k <- v`, `x[[key]] <- v`), which starts as a dict."""
    for root in top:
        for node in root.walk():
            kids = node.kids
            if len(kids) == 3 and kids[1].token in ASSIGN_TOKENS and kids[1].text != "->":
                place = kids[0].kids
                if (
                    len(place) >= 3
                    and place[0].only("SYMBOL")
                    and (
                        place[1].token == "'$'"
                        or (
                            place[1].token == "LBB"
                            and number_value(porter, place[2]) is None
                            and not statements.is_length_plus_one(porter, place[2], place[0])
                        )
                    )
                ):
                    porter.mappings.add(py_name(porter, place[0].kids[0]))
            if len(kids) == 3 and kids[1].token in ASSIGN_TOKENS and kids[1].text != "->":
                value = kids[2]
                if value.kids and value.kids[0].token in ("FUNCTION", "'\\\\'") and kids[0].only("SYMBOL"):
                    name = py_name(porter, kids[0].kids[0])
                    porter.functions.setdefault(name, True)
                    with contextlib.suppress(Unsupported):
                        porter.formals[name] = [
                            (p, d is not None)
                            for p, d in functions.function_parts(porter, value, raw=True)[0]
                        ]


def snippet(porter: Porter, node: Node) -> str:
    lines = porter.lines[node.line1 - 1 : node.line2]
    if not lines:
        return ""
    if len(lines) == 1:
        return lines[0][node.col1 - 1 : node.col2]
    return lines[0][node.col1 - 1 :] + " ..."


def number_value(porter: Porter, node: Node) -> float | None:
    """A NUM_CONST's value; None for anything else (NA, complex numbers, expressions)."""
    while node.token != "NUM_CONST" and len(node.kids) == 1:
        node = node.kids[0]
    if node.token != "NUM_CONST":
        return None
    text = node.text.removesuffix("L")
    try:
        if text.lower().startswith("0x"):
            return float(int(text, 16))
        return float(text)
    except ValueError:
        return None


def is_constant(porter: Porter, node: Node) -> bool:
    leaf = node.kids[0] if len(node.kids) == 1 else node
    if leaf.token in ("STR_CONST", "NULL_CONST"):
        return True
    return leaf.token == "NUM_CONST" and (
        number_value(porter, leaf) is not None or leaf.text in ("TRUE", "FALSE")
    )


def is_numeric(porter: Porter, node: Node) -> bool:
    if number_value(porter, node) is not None:
        return True
    kids = node.kids
    if len(kids) == 1 and kids[0].token == "SYMBOL":
        return py_name(porter, kids[0]) in porter.numeric
    if len(kids) == 3 and kids[1].token in ("'+'", "'-'", "'*'", "'/'", "'^'", "SPECIAL"):
        return is_numeric(porter, kids[0]) and is_numeric(porter, kids[2])
    return call_name(porter, node) in ("length", "nchar", "as.numeric", "as.integer")


def kind(porter: Porter, node: Node) -> str | None:
    """ "number", "string" or "logical" when `node` is certainly one R scalar of that kind
    (never NULL, never of another length); None when only running it can tell."""
    kids = node.kids
    while len(kids) == 1:
        node = kids[0]
        kids = node.kids
    if node.token == "STR_CONST":
        return "string"
    if node.token == "NUM_CONST":
        if node.text in ("TRUE", "FALSE"):
            return "logical"
        return "number" if number_value(porter, node) is not None else None
    if node.token == "SYMBOL":
        if node.text in ("TRUE", "FALSE", "T", "F") and node.text not in porter.assigned:
            return "logical"
        return porter.scalar_vars.get(node.text)
    if len(kids) == 3 and kids[0].token == "'('":
        return kind(porter, kids[1])
    if len(kids) == 2 and kids[0].token == "'!'":
        return "logical" if kind(porter, kids[1]) == "logical" else None
    if len(kids) == 2 and kids[0].token in ("'-'", "'+'"):
        return "number" if kind(porter, kids[1]) == "number" else None
    if len(kids) == 3 and kids[1].token in ("AND2", "OR2"):
        # NA && TRUE is NA: certainly TRUE or FALSE only when both sides are.
        return "logical" if kind(porter, kids[0]) == kind(porter, kids[2]) == "logical" else None
    if len(kids) == 3 and (kids[1].token in BINARY_OPS or kids[1].token == "SPECIAL"):
        op = kids[1]
        left, right = kind(porter, kids[0]), kind(porter, kids[2])
        if op.token == "SPECIAL" and op.text == "%in%":
            return "logical" if left is not None else None
        if op.token in ("'+'", "'-'", "'*'", "'/'", "'^'") or op.text in ("%%", "%/%"):
            return "number" if left == right == "number" else None
        if op.token in ("EQ", "NE", "LT", "LE", "GT", "GE", "AND", "OR"):
            return "logical" if left is not None and right is not None else None
        return None
    name = call_name(porter, node)
    if name is None or call_package(porter, node) not in (None, "base"):
        return None
    if safe_name(porter, name) in porter.functions:
        return None
    args = call_args(porter, node)
    scalar_args = all(kind(porter, v) is not None for _, v in args)
    if name in ("is.null", "isTRUE", "isFALSE", "identical", "inherits", "is.function", "exists", "missing"):
        return "logical"
    if name in ("length",):
        return "number"
    if name in ("nchar",) and scalar_args and len(args) == 1:
        return "number"
    if name in ("nzchar", "startsWith", "endsWith") and scalar_args:
        return "logical"
    if name in ("paste", "paste0") and any(k == "collapse" for k, _ in args):
        return "string"
    if name in ("paste", "paste0", "sprintf", "toupper", "tolower", "trimws", "as.character") and (
        scalar_args and args
    ):
        return "string"
    if name == "Sys.getenv" and len(args) >= 1 and scalar_args:
        return "string"
    if name == "conditionMessage":
        return "string"
    return None


def infer_scalars(porter: Porter, top: list[Node]) -> None:
    """R variables that hold one scalar of one kind wherever the script assigns them."""
    assignments: dict[str, list[Node | str]] = {}
    for root in top:
        for node in root.walk():
            kids = node.kids
            if len(kids) == 3 and kids[1].token in ASSIGN_TOKENS:
                target, value = (kids[2], kids[0]) if kids[1].text in ("->", "->>") else (kids[0], kids[2])
                if target.only("SYMBOL"):
                    service = constructor_service(porter, value)
                    if service is not None:
                        var = safe_name(porter, target.kids[0].text)
                        seen = porter.clients.get(var, service)
                        porter.clients[var] = service if seen == service else None
                    assignments.setdefault(target.kids[0].text, []).append(value)
                    porter.assigned.add(target.kids[0].text)
                elif target.token == "SYMBOL":
                    porter.assigned.add(target.text)
            elif kids and kids[0].token == "FOR":
                cond = kids[1].kids
                seq = cond[3]
                name = call_name(porter, seq)
                ranged = name in ("seq_along", "seq_len") or (
                    len(seq.kids) == 3 and seq.kids[1].token == "':'"
                )
                assignments.setdefault(cond[1].text, []).append("number" if ranged else "?")
                porter.assigned.add(cond[1].text)
            elif node.token in ("SYMBOL_FORMALS",):
                assignments.setdefault(node.text, []).append("?")
                porter.assigned.add(node.text)
    changed = True
    while changed:  # a variable's kind may depend on another's: until nothing changes
        changed = False
        for var, values in assignments.items():
            kinds = {v if isinstance(v, str) else kind(porter, v) for v in values}
            found = next(iter(kinds)) if len(kinds) == 1 else None
            found = found if found in ("number", "string", "logical") else None
            if porter.scalar_vars.get(var) != found:
                if found is None:
                    porter.scalar_vars.pop(var, None)
                else:
                    porter.scalar_vars[var] = found
                changed = True


def constructor_service(porter: Porter, node: Node) -> str | None:
    """The service of a paws client constructor call (`connect()`, `paws::connectparticipant()`,
    `paws.compat::connect(config = ...)`); None for anything else, a function of the script's own
    of the same name included."""
    name = call_name(porter, node)
    if name not in SERVICES:
        return None
    package = call_package(porter, node)
    if package is None:
        own = name in porter.assigned or safe_name(porter, name) in porter.functions
        return None if own else name
    return name if package in PAWS_PACKAGES else None


def client_service(porter: Porter, node: Node) -> str | None:
    """The service of the client `node` certainly is (a variable only ever assigned one service's
    client, or a constructor call); None when not known."""
    while len(node.kids) == 1:
        node = node.kids[0]
    if node.token == "SYMBOL":
        return porter.clients.get(py_name(porter, node))
    return constructor_service(porter, node)


def is_client(porter: Porter, node: Node) -> bool:
    """Whether `node` is a client: a variable assigned one, or a constructor call."""
    while len(node.kids) == 1:
        node = node.kids[0]
    if node.token == "SYMBOL":
        return py_name(porter, node) in porter.clients
    return constructor_service(porter, node) is not None


def call_name(porter: Porter, node: Node) -> str | None:
    """The called function's name for `f(...)` and `pkg::f(...)`; None for other expressions."""
    kids = node.kids
    if len(kids) < 3 or kids[1].token != "'('":
        return None
    callee = kids[0].kids
    if len(callee) == 1 and callee[0].token == "SYMBOL_FUNCTION_CALL":
        return callee[0].text
    if len(callee) == 3 and callee[1].token in ("NS_GET", "NS_GET_INT"):
        return callee[2].text
    return None


def call_package(porter: Porter, node: Node) -> str | None:
    callee = node.kids[0].kids
    if len(callee) == 3 and callee[1].token in ("NS_GET", "NS_GET_INT"):
        return callee[0].text
    return None


def call_args(porter: Porter, node: Node, allow_empty: bool = False) -> list[tuple[str | None, Node]]:
    """(name or None, value) for each argument of a call, in order; an empty one (`a = ,`, which
    only switch() gives a meaning) is its `=` token when `allow_empty`."""
    kids = node.kids
    inner = kids[2:-1]
    args: list[tuple[str | None, Node]] = []
    name: str | None = None
    i = 0
    while i < len(inner):
        tok = inner[i]
        if tok.token in ("SYMBOL_SUB", "STR_CONST") and i + 1 < len(inner) and inner[i + 1].token == "EQ_SUB":
            name = tok.value if tok.token == "STR_CONST" else tok.text
            i += 2
            if i >= len(inner) or inner[i].token == "','":
                if not allow_empty:
                    raise Unsupported(node, f"the empty argument {name} =")
                args.append((name, inner[i - 1]))
                name = None
            continue
        if tok.token == "','":
            i += 1
            continue
        args.append((name, tok))
        name = None
        i += 1
    return args


def package_name(porter: Porter, node: Node) -> str | None:
    leaf = node.kids[0] if len(node.kids) == 1 else node
    if leaf.token == "STR_CONST":
        return leaf.value
    if leaf.token == "SYMBOL":
        return leaf.text
    return None


def visible(porter: Porter, node: Node) -> bool:
    """Whether R would print this statement's value at top level."""
    kids = node.kids
    if len(kids) == 3 and (kids[1].token == "PIPE" or (kids[1].token == "SPECIAL" and kids[1].text == "%>%")):
        right = kids[2]
        if right.only("SYMBOL"):
            return right.kids[0].text not in INVISIBLE_CALLS
        return visible(porter, right)
    if len(kids) == 3 and kids[0].token == "'('":
        return True
    if len(kids) == 3 and kids[1].token in ASSIGN_TOKENS:
        return False
    if kids and kids[0].token in ("FOR", "WHILE", "REPEAT", "FUNCTION"):
        return False
    name = call_name(porter, node)
    if name is None:
        return True
    if name in ("withCallingHandlers", "suppressWarnings", "suppressMessages", "try"):
        # their value is their expression's, visible as it is
        expr = next((v for k, v in call_args(porter, node) if k is None or k == "expr"), None)
        return expr is None or visible(porter, expr)
    if name in INVISIBLE_CALLS:
        return False
    if name == "system2":  # its status is invisible; its output, with stdout = TRUE, is not
        return any(k == "stdout" and snippet(porter, v) in ("TRUE", "T") for k, v in call_args(porter, node))
    if call_package(porter, node) is None and safe_name(porter, name) in porter.functions:
        return porter.functions[safe_name(porter, name)]
    return True


def visible_body(porter: Porter, body: Node) -> bool:
    items = statements.body_items(porter, body)
    return bool(items) and visible(porter, items[-1])


def py_name(porter: Porter, leaf: Node) -> str:
    return safe_name(porter, leaf.text)


def safe_name(porter: Porter, r_name: str) -> str:
    """An R name as a Python identifier (`my.var` -> `my_var`), the same one every time."""
    if r_name in porter.names:
        return porter.names[r_name]
    text = r_name.strip("`").replace(".", "_")
    if len(text) > 2 and text.startswith("%") and text.endswith("%"):  # an operator of the script's own
        words = {
            "|": "or",
            "&": "and",
            "+": "plus",
            "-": "minus",
            "*": "times",
            "/": "over",
            "<": "lt",
            ">": "gt",
        }
        text = "op_" + "".join(words.get(ch, ch if ch.isalnum() else "_") for ch in text[1:-1])
    if not text.isidentifier():
        text = "".join(ch if ch.isalnum() or ch == "_" else "_" for ch in text)
        if not text or text[0].isdigit():
            text = "_" + text
    if keyword.iskeyword(text) or keyword.issoftkeyword(text) or text in RESERVED:
        text += "_"
    taken = set(porter.names.values())
    base, n = text, 2
    while text in taken:
        text = f"{base}_{n}"
        n += 1
    porter.names[r_name] = text
    return text

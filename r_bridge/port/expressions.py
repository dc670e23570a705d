"""Expressions: constants, names, operators, `$` and `[[`, pipes and calls. Python's own
spelling where the types are known when porting; the runtime's R semantics where they are not."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import closures, conditions, functions, registry, scopes, statements
from .emit import (
    P_AND,
    P_ATOM,
    P_CMP,
    P_NOT,
    P_OR,
    P_POW,
    P_UNARY,
    Py,
    atom,
    bracketed,
    call,
    infix,
    lambda_of,
    py_string,
    wrap,
)
from .result import Unsupported
from .tree import Node
from .vocabulary import (
    BINARY_OPS,
    CLIENT_ARGS,
    CONSTANTS,
    NA_CONSTANTS,
    SPECIAL_OPS,
)

if TYPE_CHECKING:
    from .porter import Porter


def expr(porter: Porter, node: Node) -> Py:
    kids = node.kids
    if node.token == "SYMBOL":
        return symbol_value(porter, node)
    if node.token in ("STR_CONST", "NUM_CONST", "NULL_CONST"):
        return constant_value(porter, node)
    if not kids:
        raise Unsupported(node, f"{node.token}")
    if len(kids) == 1:
        only = kids[0]
        if only.token in ("SYMBOL", "STR_CONST", "NUM_CONST", "NULL_CONST"):
            return expr(porter, only)
        if only.token in ("NEXT", "BREAK"):
            raise Unsupported(node, f"'{only.text}' inside an expression")
        return expr(porter, only)
    first = kids[0]
    if first.token == "'('" and len(kids) == 3:
        return expr(porter, kids[1])
    if first.token in ("'-'", "'+'", "'!'") and len(kids) == 2:
        return unary(porter, node, first.token, kids[1])
    if first.token in ("FUNCTION", "'\\\\'"):
        return functions.anonymous_function(porter, node)
    if first.token == "IF":
        simple = statements.conditional_expression(porter, node)
        if simple is None:
            raise Unsupported(node, "if/else used as a value with more than one statement")
        return simple
    if first.token in ("FOR", "WHILE", "REPEAT", "'{'"):
        raise Unsupported(node, f"'{first.text}' used as a value")
    if len(kids) >= 3 and kids[1].token in ("'$'", "LBB"):
        return subscript(porter, node)
    if len(kids) >= 3 and kids[1].token == "'['":
        raise Unsupported(node, "single-bracket indexing x[i]")
    if len(kids) >= 3 and kids[1].token == "'('":
        return call_expr(porter, node)
    if len(kids) == 3:
        return binary(porter, node, kids[0], kids[1], kids[2])
    raise Unsupported(node, f"the construct '{scopes.snippet(porter, node)}'")


def symbol_value(porter: Porter, node: Node) -> Py:
    text = node.text
    if text == "...":
        raise Unsupported(node, "... other than passed on to a call")
    if text.startswith("..") and text[2:].isdigit():
        if not porter.dots:
            raise Unsupported(node, f"{text} outside a function taking ...")
        porter.runtime.add("dot_arg")
        where = f", call={porter.frame_call}" if porter.frame_call not in (None, "None") else ""
        return atom(f"dot_arg({int(text[2:])}, dots, named_dots{where})")
    if text in ("T", "TRUE"):
        return atom("True")
    if text in ("F", "FALSE"):
        return atom("False")
    if text == "pi":
        porter.stdlib.add("math")
        return atom("math.pi")
    for scope in reversed(porter.conditions):
        if text in scope:
            return atom(scope[text])
    left_out = closures.argument_value(porter, node)
    if left_out is not None:
        return left_out
    if text in CONSTANTS and text not in porter.assigned:
        porter.runtime.add(CONSTANTS[text])
        return atom(CONSTANTS[text])
    return atom(scopes.py_name(porter, node))


def constant_value(porter: Porter, node: Node) -> Py:
    if node.token == "NULL_CONST":
        return atom("None")
    if node.token == "STR_CONST":
        return atom(py_string(node.value or ""))
    text = node.text
    if text == "TRUE":
        return atom("True")
    if text == "FALSE":
        return atom("False")
    if text in NA_CONSTANTS:
        porter.runtime.add(text)
        return atom(text)
    if text in ("Inf", "NaN"):
        porter.stdlib.add("math")
        return atom("math.inf" if text == "Inf" else "math.nan")
    number = scopes.number_value(porter, node)
    if number is None:
        raise Unsupported(node, f"the constant {text}")
    if number.is_integer() and abs(number) < 1e15:
        return atom(str(int(number)))
    return atom(repr(number))


def unary(porter: Porter, node: Node, token: str, operand: Node) -> Py:
    value = expr(porter, operand)
    if token == "'!'":
        if scopes.call_name(porter, operand) == "is.null" and len(scopes.call_args(porter, operand)) == 1:
            inner = expr(porter, scopes.call_args(porter, operand)[0][1])
            return atom(f"{wrap(inner, P_CMP + 1)} is not None", P_CMP)
        if scopes.kind(porter, operand) == "logical":
            return atom(f"not {wrap(value, P_NOT)}", P_NOT)
        porter.runtime.add("not_")
        return call("not_", value)
    if token == "'+'":
        return value
    if scopes.kind(porter, operand) == "number":
        return atom(f"-{wrap(value, P_UNARY)}", P_UNARY)
    porter.runtime.add("neg")
    return call("neg", value)


def binary(porter: Porter, node: Node, left: Node, op: Node, right: Node) -> Py:
    """Python's operator where both sides are known scalars of one kind, else R's at run time
    (element by element, recycling, NULL giving a zero-length result)."""
    if op.token == "PIPE":
        return native_pipe(porter, node, left, right)
    if op.token == "SPECIAL" and op.text == "%>%":
        return magrittr(porter, node, left, right)
    if op.token == "':'":
        porter.runtime.add("colon")
        return call("colon", expr(porter, left), expr(porter, right))
    if op.token == "SPECIAL" and op.text == "%in%":
        porter.runtime.add("in_")
        return call("in_", expr(porter, left), expr(porter, right))
    r_op = op.text
    if op.token in ("AND2", "OR2"):
        word = "and" if op.token == "AND2" else "or"
        prec = P_AND if word == "and" else P_OR
        if scopes.kind(porter, left) == scopes.kind(porter, right) == "logical":
            sides = [expr(porter, left), expr(porter, right)]
            return infix(wrap(sides[0], prec), word, sides[1], prec)
        # A side may be NA: R's three-valued && and ||, the right side only when needed.
        name = "scalar_and" if word == "and" else "scalar_or"
        porter.runtime.add(name)
        return call(name, expr(porter, left), lambda_of("", expr(porter, right)))
    if op.token in ("AND", "OR"):
        if scopes.kind(porter, left) == scopes.kind(porter, right) == "logical":
            word = "and" if op.token == "AND" else "or"
            prec = P_AND if word == "and" else P_OR
            return atom(
                f"{wrap(expr(porter, left), prec)} {word} {wrap(expr(porter, right), prec + 1)}", prec
            )
        name = "and_" if op.token == "AND" else "or_"
        porter.runtime.add(name)
        return call(name, expr(porter, left), expr(porter, right))
    if op.token == "SPECIAL" and r_op not in SPECIAL_OPS:
        own = scopes.safe_name(porter, f"`{r_op}`")
        if own in porter.functions:  # the script's own operator: a call of it
            return functions.plain_call(porter, node, own, [(None, left), (None, right)])
        raise Unsupported(node, f"the operator {op.text}")
    if op.token != "SPECIAL" and op.token not in BINARY_OPS:
        raise Unsupported(node, f"the operator {op.text}")
    symbol, prec = SPECIAL_OPS[r_op] if op.token == "SPECIAL" else BINARY_OPS[op.token]
    lhs, rhs = expr(porter, left), expr(porter, right)
    kinds = (scopes.kind(porter, left), scopes.kind(porter, right))
    if prec == P_CMP:
        if kinds[0] is not None and kinds[0] == kinds[1]:
            return atom(f"{wrap(lhs, P_CMP + 1)} {symbol} {wrap(rhs, P_CMP + 1)}", P_CMP)
        porter.runtime.add("compare")
        return call("compare", atom(py_string(r_op)), lhs, rhs)
    if kinds == ("number", "number") and plain_arithmetic(porter, r_op, right):
        if symbol == "**":  # right-associative
            return atom(f"{wrap(lhs, P_POW + 1)} ** {wrap(rhs, P_POW)}", P_POW)
        return atom(f"{wrap(lhs, prec)} {symbol} {wrap(rhs, prec + 1)}", prec)
    porter.runtime.add("arith")
    return call("arith", atom(py_string(r_op)), lhs, rhs)


def plain_arithmetic(porter: Porter, r_op: str, right: Node) -> bool:
    """Python's arithmetic is R's on two numbers, except dividing by zero (R: Inf, NaN) and a
    negative number to a fractional power (R: NaN)."""
    if r_op in ("/", "%/%", "%%"):
        divisor = scopes.number_value(porter, right)
        return divisor is not None and divisor != 0
    if r_op == "^":
        exponent = scopes.number_value(porter, right)
        return exponent is not None and exponent.is_integer() and exponent >= 0
    return True


def truth_test(porter: Porter, node: Node) -> Py:
    """The condition of `if`, `while`, `&&`, `||`: one TRUE or FALSE, or R's error."""
    value = expr(porter, node)
    if scopes.kind(porter, node) == "logical":
        return value
    porter.runtime.add("truth")
    return call("truth", value)


def magrittr(porter: Porter, node: Node, left: Node, right: Node) -> Py:
    """magrittr's `x %>% f(y)` is `f(x, y)`, `x %>% f` is `f(x)`, `x %>% f(y, .)` is `f(y, x)`."""
    direct = [v for _, v in scopes.call_args(porter, right)] if scopes.call_name(porter, right) else []
    if any(is_dot(v) for v in direct):
        if sum(1 for n in right.walk() if n.token == "SYMBOL" and n.text == ".") != sum(map(is_dot, direct)):
            raise Unsupported(node, "magrittr's . placeholder inside an argument")
        return call_expr(porter, right, dot=left)
    if any(n.token == "SYMBOL" and n.text == "." for n in right.walk()):
        raise Unsupported(node, "magrittr's . placeholder inside an argument")
    if right.only("SYMBOL"):
        name = right.kids[0].text
        handler = registry.CALLS.get(name)
        if handler is not None:
            return handler(porter, node, [(None, left)])
        py_name = scopes.safe_name(porter, name)
        if py_name in porter.functions:
            return functions.plain_call(porter, node, py_name, [(None, left)])
        raise Unsupported(node, f"the function {name}()")
    if scopes.call_name(porter, right) is None:
        raise Unsupported(node, "a pipe into something other than a call")
    return call_expr(porter, right, first=left)


def is_dot(node: Node) -> bool:
    leaf = node.kids[0] if node.only("SYMBOL") else node
    return leaf.token == "SYMBOL" and leaf.text == "."


def native_pipe(porter: Porter, node: Node, left: Node, right: Node) -> Py:
    """`x |> f(y)` is `f(x, y)`: R rewrites it so at parse time; so do we."""
    if scopes.call_name(porter, right) is None:
        raise Unsupported(node, "a pipe into something other than a call")
    return call_expr(porter, right, first=left)


def condition_test_of(porter: Porter, node: Node) -> Py:
    return truth_test(porter, node)


def subscript(porter: Porter, node: Node) -> Py:
    """`x$name` and `x[[i]]`: R's rules at run time (`dollar`, `elt`), unless x is the client
    (its operations are attributes) or a condition in its handler (fields of our exceptions)."""
    kids = node.kids
    base_node = kids[0]
    if kids[1].token == "'$'":
        key = kids[2].value if kids[2].token == "STR_CONST" else kids[2].text
        cond = conditions.condition_name(porter, base_node)
        if cond is not None:
            return conditions.condition_field(porter, node, cond, key or "")
        base = expr(porter, base_node)
        if scopes.is_client(porter, base_node):
            check_operation(porter, node, base_node, key or "")
            return atom(f"{wrap(base, P_ATOM)}.{key}")
        porter.runtime.add("dollar")
        return call("dollar", base, atom(py_string(key or "")))
    # x[[i]]: kids = expr LBB index ']' ']'
    if len(kids) != 5:
        raise Unsupported(node, "[[ ]] with more than one index")
    index = kids[2]
    cond = conditions.condition_name(porter, base_node)
    if cond is not None and index.only("STR_CONST"):
        return conditions.condition_field(porter, node, cond, index.kids[0].value or "")
    porter.runtime.add("elt")
    return call("elt", expr(porter, base_node), expr(porter, index))


def maybe_absent(porter: Porter, node: Node) -> Py:
    """A value under is.null(): `$` and `[[` give NULL for an absent name, as in R."""
    return expr(porter, node)


def call_expr(porter: Porter, node: Node, first: Node | None = None, dot: Node | None = None) -> Py:
    """A call; `first` goes before its arguments (a pipe), or stands for each `.` among them."""
    args = scopes.call_args(porter, node, allow_empty=scopes.call_name(porter, node) == "switch")
    if dot is not None:
        args = [(k, dot if is_dot(v) else v) for k, v in args]
    elif first is not None:
        args = [(None, first), *args]
    callee = node.kids[0]
    ckids = callee.kids
    if len(ckids) == 3 and ckids[1].token == "'$'":
        return operation_call(porter, node, ckids[0], ckids[2].text, args)
    name = scopes.call_name(porter, node)
    if name is None:
        raise Unsupported(node, "calling the result of an expression")
    package = scopes.call_package(porter, node)
    service = scopes.constructor_service(porter, node)
    if service is not None:
        return client_call(porter, node, service, args)
    if package == "jsonlite" and name not in ("toJSON", "fromJSON"):
        raise Unsupported(node, f"jsonlite::{name}()")
    if package == "paws.common" and name != "paginate":
        raise Unsupported(node, f"paws.common::{name}()")
    if package == "purrr" and name not in registry.PURRR:
        raise Unsupported(node, f"purrr::{name}()")
    if package is not None and package not in ("base", "utils", "jsonlite", "paws.common", "purrr"):
        raise Unsupported(node, f"{package}::{name}()")
    handler = registry.CALLS.get(name)
    if handler is not None:
        return handler(porter, node, args)
    py_name = scopes.safe_name(porter, name)
    if py_name in porter.functions or py_name in porter.variables:
        return functions.plain_call(porter, node, py_name, args)
    raise Unsupported(node, f"the function {name}()")


def client_call(porter: Porter, node: Node, service: str, args: list[tuple[str | None, Node]]) -> Py:
    """A paws client constructor as paws_compat's (`connect(config, credentials, endpoint, region)`,
    the same arguments for every service)."""
    porter.uses_paws = True
    items = []
    for position, (key, value) in enumerate(args):
        name = key if key is not None else (CLIENT_ARGS[position] if position < len(CLIENT_ARGS) else None)
        if name not in CLIENT_ARGS:
            raise Unsupported(node, f"{service}() argument {key or position + 1}")
        items.append((f"{name}=", argument_value(porter, value, mapping=name in ("config", "credentials"))))
    return bracketed(f"paws_compat.{service}", "(", items, ")")


def check_operation(porter: Porter, node: Node, client: Node, method: str) -> None:
    """`client$method` must be an operation of the client's service (any known service's when
    the porter cannot tell which client it is)."""
    service = scopes.client_service(porter, client)
    if service is not None and method in porter.service_operations[service]:
        return
    owner = porter.service_of.get(method)
    if service is None and owner is not None:
        return
    if service is not None and owner is not None:
        raise Unsupported(
            node, f"${method} is a {owner} operation, and this is a {service}() client (it has no ${method})"
        )
    known = service or " or ".join(porter.service_operations)
    raise Unsupported(node, f"calling ${method} (not a {known} operation)")


def operation_call(
    porter: Porter, node: Node, client: Node, method: str, args: list[tuple[str | None, Node]]
) -> Py:
    check_operation(porter, node, client, method)
    operation = porter.operations[method]
    members = list(operation.input_members)
    items = []
    for position, (key, value) in enumerate(args):
        if key is None:
            if position >= len(members):
                raise Unsupported(node, f"{method}() with {len(args)} positional arguments")
            key = members[position]
        items.append((f"{key}=", argument_value(porter, value)))
    return bracketed(f"{wrap(expr(porter, client), P_ATOM)}.{method}", "(", items, ")")


def argument_value(porter: Porter, node: Node, mapping: bool = False) -> Py:
    """An argument value; an empty `list()` where a mapping is wanted is `{}`."""
    if mapping and scopes.call_name(porter, node) == "list" and not scopes.call_args(porter, node):
        return atom("{}")
    return expr(porter, node)


def stream_value(porter: Porter, node: Node) -> Py:
    """stdout()/stderr() as Python's streams; other connections are not ported."""
    name = scopes.call_name(porter, node)
    if name in ("stderr", "stdout") and not scopes.call_args(porter, node):
        porter.stdlib.add("sys")
        return atom(f"sys.{name}")
    if name in ("file", "url", "pipe", "gzfile", "textConnection", "socketConnection"):
        raise Unsupported(node, f"writing to a {name}() connection")
    if scopes.kind(porter, node) == "string" or name is None:
        return expr(porter, node)  # a path: the helper writes the file, as R does given a name
    raise Unsupported(node, "writing to a connection other than stdout(), stderr() or a file name")

"""Python expressions with a layout: text, precedence, and where a long line may break (as ruff
format would break it)."""

from __future__ import annotations

import attrs

LINE_LIMIT = 100


# Python operator precedence, low to high (only what the porter emits).
P_LAMBDA, P_IFELSE, P_OR, P_AND, P_NOT, P_CMP, P_ADD, P_MUL, P_UNARY, P_POW, P_ATOM = (
    0,
    1,
    2,
    3,
    4,
    5,
    10,
    11,
    12,
    13,
    16,
)


@attrs.frozen
class Py:
    """A Python expression: its one-line text and precedence, and where it may break lines."""

    text: str
    prec: int = P_ATOM
    head: str = ""
    opener: str = ""
    items: list[tuple[str, Py]] | None = None
    closer: str = ""
    # A conditional chain (`a if c else b if d else e`): its parts, one a line when it is broken.
    parts: list[str] | None = None


def atom(text: str, prec: int = P_ATOM) -> Py:
    return Py(text, prec)


def bracketed(head: str, opener: str, items: list[tuple[str, Py]], closer: str) -> Py:
    flat = head + opener + ", ".join(prefix + value.text for prefix, value in items) + closer
    return Py(flat, P_ATOM, head, opener, items, closer)


def call(func: str, *args: Py, **kwargs: Py) -> Py:
    items = [("", a) for a in args] + [(f"{k}=", v) for k, v in kwargs.items()]
    return bracketed(func, "(", items, ")")


def infix(left: str, op: str, right: Py, prec: int) -> Py:
    """`left op right`; when too long it breaks inside right's last bracket, as formatters do."""
    text = f"{left} {op} {right.text}"
    if right.items is None or right.prec < prec + 1:
        return Py(text, prec)
    return Py(text, prec, f"{left} {op} {right.head}", right.opener, right.items, right.closer)


def wrap(py: Py, prec: int) -> str:
    """`py` as an operand needing at least precedence `prec`."""
    return py.text if py.prec >= prec else f"({py.text})"


def layout(lead: str, py: Py, trail: str, indent: int) -> list[str]:
    """`lead + py + trail` at `indent`, broken at brackets (as black/ruff would) when too long."""
    pad = " " * indent
    flat = pad + lead + py.text + trail
    if len(flat) > LINE_LIMIT and py.parts:
        return [pad + lead + "(", *(pad + "    " + part for part in py.parts), pad + ")" + trail]
    if len(flat) <= LINE_LIMIT or not py.items:
        return [flat]
    first = pad + lead + py.head + py.opener
    inner = ", ".join(prefix + value.text for prefix, value in py.items)
    if len(pad) + 4 + len(inner) <= LINE_LIMIT and not any(v.items and "\n" in v.text for _, v in py.items):
        return [first, pad + "    " + inner, pad + py.closer + trail]
    lines = [first]
    # A lone argument split on its own gets no trailing comma (the formatters' right-hand split).
    comma = "" if len(py.items) == 1 and py.items[0][1].items and not py.items[0][0] else ","
    for prefix, value in py.items:
        lines.extend(layout(prefix, value, comma, indent + 4))
    lines.append(pad + py.closer + trail)
    return lines


def py_string(text: str) -> str:
    """A Python string literal, double-quoted as formatters write them."""
    # Double quotes, unless the text holds double quotes and no single ones (fewer escapes).
    quote = "'" if '"' in text and "'" not in text else '"'
    escapes = {"\\": "\\\\", quote: "\\" + quote, "\n": "\\n", "\r": "\\r", "\t": "\\t", "\0": "\\0"}
    out = []
    for ch in text:
        if ch in escapes:
            out.append(escapes[ch])
        elif not ch.isprintable():
            code = ord(ch)
            out.append(
                f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"
            )
        else:
            out.append(ch)
    return quote + "".join(out) + quote


def python_keyword(r_name: str) -> str:
    return r_name.replace(".", "_")


def lambda_of(params: str, body: Py) -> Py:
    """`lambda params: body`; when too long it breaks inside the body's last bracket, as ruff does."""
    prefix = f"lambda {params}: " if params else "lambda: "
    text = prefix + body.text
    if body.items is None:
        return Py(text, P_LAMBDA)
    return Py(text, P_LAMBDA, prefix + body.head, body.opener, body.items, body.closer)

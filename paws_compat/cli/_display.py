"""Text from the other side of a chat, made safe for a terminal.

A participant chooses its display name and messages: raw, an escape sequence could clear the
screen, retitle the window or move the cursor to fake a line; a lone surrogate would crash the
encoder. Every control and format character (C0, C1, bidi overrides, zero-width ones) is shown as
a visible escape; a newline starts an indented continuation line, so no message can print a line
that looks like one of ours.
"""

from __future__ import annotations

import unicodedata

CONTINUATION = "\n    "
_NEUTRAL_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
# The zero-width joiner builds emoji sequences (a family, a flag); it moves no cursor.
_KEPT = frozenset({"\u200d"})


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def safe_text(text: object) -> str:
    """`text` with every character a terminal would act on shown as an escape (a newline starts
    a continuation line)."""
    value = text if isinstance(text, str) else str(text)
    out: list[str] = []
    for char in value:
        if char == "\n":
            out.append(CONTINUATION)
        elif char == "\t":
            out.append("    ")
        elif unicodedata.category(char) in _NEUTRAL_CATEGORIES and char not in _KEPT:
            out.append(_escape(char))
        else:
            out.append(char)
    return "".join(out)


def encodable(text: str, encoding: str | None) -> str:
    """`text` with what `encoding` (a stream's; say ASCII under LANG=C) cannot hold escaped."""
    try:
        return text.encode(encoding or "utf-8", "backslashreplace").decode(encoding or "utf-8")
    except LookupError:
        return text.encode("ascii", "backslashreplace").decode("ascii")

"""JSON from strangers: parsed with a depth limit, so no input reaches a recursion limit.

Python's decoder recurses per nesting level and raises RecursionError near 1,000 levels (100,000
levels of ``[`` used to escape as a 500), and every walk over a decoded value (the validator, the
copy of a transcript item) recurses again. Values here are checked once, iteratively, right after
decoding: deeper than the limit is a plain ValueError the caller answers with a 4xx.
"""

from __future__ import annotations

import json
from typing import Any


class TooDeep(ValueError):
    """Nested deeper than allowed."""


def depth_ok(value: Any, limit: int) -> bool:
    """True when `value` nests at most `limit` containers deep (iterative, stops at the limit)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        current, depth = stack.pop()
        if isinstance(current, dict):
            children: Any = current.values()
        elif isinstance(current, list):
            children = current
        else:
            continue
        if depth > limit:
            return False
        stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return True


def loads(text: str | bytes, limit: int) -> Any:
    """`json.loads` that raises ValueError (never RecursionError) for bad or too deep input."""
    try:
        value = json.loads(text)
    except RecursionError:
        raise TooDeep(f"JSON nested deeper than {limit} levels") from None
    except UnicodeDecodeError:
        raise ValueError("body is not UTF-8") from None
    if _openings(text) > limit and not depth_ok(value, limit):
        raise TooDeep(f"JSON nested deeper than {limit} levels")
    return value


def _openings(text: str | bytes) -> int:
    """Brackets that open a container: nesting is never deeper, so a body with at most `limit` of
    them needs no walk (a C-speed count instead of a Python loop on every request)."""
    if isinstance(text, str):
        return text.count("{") + text.count("[")
    return text.count(b"{") + text.count(b"[")

"""Reading what a socket sends: a frame as a JSON object, the item inside an aws/chat frame.

Anything is taken: a frame that is not what websocket.md describes (not JSON, too big, nested too
deep, members of the wrong type) gives None and why, never an exception.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

FRAME_DEPTH_MAX = 16  # an item is 4 deep (frame, item, Attachments, attachment); room to spare


def parse_frame(text: str | bytes, max_bytes: int) -> tuple[dict[str, Any] | None, str]:
    """A socket frame as a JSON object, or None and why it is not one."""
    if not isinstance(text, (str, bytes)):
        return None, f"it is a {type(text).__name__}, not text"
    if len(text) > max_bytes:
        return None, f"it is {len(text)} long, over the {max_bytes} limit (max_frame_bytes)"
    frame, problem = _json_object(text)
    return frame, "the frame " + problem if frame is None else ""


def item_from_frame(frame: Mapping[str, Any]) -> tuple[dict[str, Any] | None, str]:
    """The Item inside an aws/chat frame (its content is JSON in a string: parse twice), or None
    and why it is not an item the session can take."""
    content = frame.get("content")
    if isinstance(content, str):
        item, problem = _json_object(content)
        if item is None:
            return None, "its content " + problem
    elif isinstance(content, dict):
        item = content
        if _deeper_than(item, FRAME_DEPTH_MAX):
            return None, f"its content is nested deeper than {FRAME_DEPTH_MAX}"
    else:
        return None, "its content is not an item"
    item_id = item.get("Id")
    if not isinstance(item_id, str) or not item_id:
        return None, "its item has no Id string"
    for name in ("Type", "ContentType", "AbsoluteTime"):
        if name in item and item[name] is not None and not isinstance(item[name], str):
            return None, f"item {item_id[:64]}: {name} is not a string"
    return item, ""


def _json_object(text: str | bytes) -> tuple[dict[str, Any] | None, str]:
    try:
        value = json.loads(text)
    except RecursionError:
        return None, "is nested too deep to read"
    except (ValueError, UnicodeDecodeError):
        return None, "is not JSON"
    if not isinstance(value, dict):
        return None, f"is a JSON {type(value).__name__}, not an object"
    if _deeper_than(value, FRAME_DEPTH_MAX):
        return None, f"is nested deeper than {FRAME_DEPTH_MAX}"
    return value, ""


def _deeper_than(value: Any, limit: int) -> bool:
    """Without recursion: the walk itself must not be what a hostile frame overflows."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            return True
        if isinstance(node, dict):
            stack.extend((child, depth + 1) for child in node.values() if isinstance(child, (dict, list)))
        elif isinstance(node, list):
            stack.extend((child, depth + 1) for child in node if isinstance(child, (dict, list)))
    return False

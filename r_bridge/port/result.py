"""What a port gives back: the Python, and each statement it carried over as UNPORTED."""

from __future__ import annotations

import attrs

from .tree import Node


class Unsupported(Exception):
    """A construct outside the supported set; the statement holding it is carried over as comments."""

    def __init__(self, node: Node, what: str) -> None:
        super().__init__(what)
        self.node = node
        self.what = what


@attrs.frozen
class Unported:
    """One statement carried over as comments: where, what it was, and why."""

    line: int
    end_line: int
    source: str
    reason: str


@attrs.frozen
class PortResult:
    code: str
    unported: list[Unported]

    @property
    def complete(self) -> bool:
        return not self.unported

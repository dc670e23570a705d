"""A per-shape cache of compiled functions (validators, parsers) that is safe across threads.

Compiling happens once per shape, under a lock, and nothing is published until the outermost
compile has finished: another thread never sees a function whose recursive parts (a shape that
contains itself through a list) are not wired up yet.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from ._model import Shape

F = TypeVar("F", bound=Callable[..., Any])

_LOCK = threading.RLock()


class ShapeCache(Generic[F]):
    """`get(shape)` returns `build(shape)`, made once; `build` may call `get` for member shapes."""

    def __init__(self, build: Callable[[Shape], F]) -> None:
        self._build = build
        self._done: dict[Shape, F] = {}
        self._pending: dict[Shape, Any] = {}
        self._depth = 0

    def get(self, shape: Shape) -> F:
        found = self._done.get(shape)
        if found is not None:
            return found
        with _LOCK:
            return self._compile(shape)

    def _compile(self, shape: Shape) -> F:
        found = self._done.get(shape) or self._pending.get(shape)
        if found is not None:
            return found
        slot: list[F] = []

        def forward(*args: Any) -> Any:  # stands in while `shape` itself is being compiled
            return slot[0](*args)

        self._pending[shape] = forward
        self._depth += 1
        try:
            made = self._build(shape)
        except BaseException:
            self._depth -= 1
            if self._depth == 0:
                self._pending.clear()
            raise
        self._depth -= 1
        slot.append(made)
        self._pending[shape] = made
        if self._depth == 0:
            self._done.update(self._pending)
            self._pending.clear()
        return made

"""pytest fixtures for projects that test against the local chat service.

Registered as the `paws_compat_emulator` pytest11 entry point, so installing paws-compat with the
`emulator` extra makes them available everywhere:

- `paws_emulator`: one running Emulator per session; faults and the request log are cleared after
  each test.
- `paws_emulator_factory`: `factory(**options) -> Emulator` for custom lifetimes and limits; every
  emulator it starts is stopped at the end of the test.
- `paws_chat`: a fresh chat on `paws_emulator` with a customer and an agent (`ChatPair`).

aiohttp is imported only when a fixture is used, so the plugin costs nothing where the extra is
not installed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from paws_compat.emulator import ChatPair, Emulator


@pytest.fixture(scope="session")
def _paws_emulator_session() -> Iterator[Emulator]:
    from paws_compat.emulator import Emulator

    with Emulator() as emulator:
        yield emulator


@pytest.fixture
def paws_emulator(_paws_emulator_session: Emulator) -> Iterator[Emulator]:
    """The session's emulator, with a clean fault table before and after the test."""
    _paws_emulator_session.faults.clear()
    yield _paws_emulator_session
    _paws_emulator_session.faults.clear()
    _paws_emulator_session.clear_requests()


@pytest.fixture
def paws_emulator_factory() -> Iterator[Callable[..., Emulator]]:
    """Start emulators with custom settings: `paws_emulator_factory(connection_expiry_seconds=1)`."""
    from paws_compat.emulator import Emulator

    started: list[Emulator] = []

    def factory(**options: Any) -> Emulator:
        emulator = Emulator(**options).start_in_thread()
        started.append(emulator)
        return emulator

    yield factory
    for emulator in reversed(started):
        emulator.stop_thread()


@pytest.fixture
def paws_chat(paws_emulator: Emulator) -> ChatPair:
    """A new chat on the session emulator with a customer and an agent."""
    return paws_emulator.start_chat_with_agent()

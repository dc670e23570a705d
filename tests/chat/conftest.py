"""Clients and sessions against the real emulator, with intervals shrunk so faults play out fast."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

import paws_compat
from paws_compat.chat import ChatConfig, ChatSession

FAST = ChatConfig.fast()


def make_client(endpoint: str) -> Any:
    """The public client, as users build it."""
    factory = getattr(paws_compat, "connectparticipant", None)
    if factory is not None:
        return factory(endpoint=endpoint, region="us-east-1")
    from paws_compat._client import Client

    return Client({"endpoint": endpoint, "region": "us-east-1"})


@pytest.fixture
def open_session() -> Iterator[Callable[..., ChatSession]]:
    """`open_session(endpoint, token, **config)`: a started ChatSession, closed after the test."""
    sessions: list[ChatSession] = []

    def factory(endpoint: str, token: str, **overrides: Any) -> ChatSession:
        session = ChatSession(make_client(endpoint), token, config=FAST, **overrides)
        sessions.append(session)
        return session.start(timeout=20)

    yield factory
    for session in sessions:
        session.close()


@pytest.fixture
def client_for() -> Callable[[str], Any]:
    return make_client

"""Leaving (disconnect waits for chat.ended) and closing (calls cancelled, nothing left running)."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest

from paws_compat.chat import AsyncChatSession, ChatSession, State
from paws_compat.emulator import Emulator
from tests.chat.conftest import FAST
from tests.chat.test_session_faults import collect


@pytest.fixture
def emulator(paws_emulator_factory: Callable[..., Emulator]) -> Emulator:
    return paws_emulator_factory()


def _session_threads(before: set[threading.Thread]) -> list[str]:
    """Session threads started since `before` that are still alive."""
    now = set(threading.enumerate()) - before
    return [thread.name for thread in now if thread.name.startswith("paws-compat-chat")]


def _wait_for(condition: Callable[[], bool], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_a_customer_leaving_still_receives_what_comes_until_chat_ended(
    emulator: Emulator, open_session: Callable[..., ChatSession]
) -> None:
    pair = emulator.start_chat_with_agent()
    customer = open_session(emulator.endpoint, pair.customer.participant_token, deliver_history=False)
    customer.disconnect()
    assert customer.state is State.ENDED  # the chat ended for it: not merely closed
    after = collect(customer, lambda items: any(item.ContentType.endswith("chat.ended") for item in items))
    kinds = [item.ContentType.rsplit(".", 1)[-1] for item in after if item.Type != "MESSAGE"]
    assert kinds[-2:] == ["left", "ended"]  # its own leave, then the end, both after the call returned
    assert not any(item.Id == "" for item in after)  # the service's own chat.ended, not a stand-in


def test_an_agent_leaving_ends_its_session_though_the_chat_goes_on(
    emulator: Emulator, open_session: Callable[..., ChatSession]
) -> None:
    pair = emulator.start_chat_with_agent()
    customer = open_session(emulator.endpoint, pair.customer.participant_token, deliver_history=False)
    agent = open_session(emulator.endpoint, pair.agent.participant_token, deliver_history=False)
    agent.disconnect()
    assert agent.state is State.ENDED
    left = collect(
        customer, lambda items: any(item.ContentType.endswith("participant.left") for item in items)
    )
    assert left[-1].ParticipantRole == "AGENT"
    assert customer.state is State.CONNECTED


def test_close_cancels_the_call_in_flight_sends_no_retry_and_leaves_no_thread(
    emulator: Emulator, open_session: Callable[..., ChatSession]
) -> None:
    before = set(threading.enumerate())
    pair = emulator.start_chat_with_agent()
    customer = open_session(emulator.endpoint, pair.customer.participant_token)
    # Every CreateParticipantConnection now hangs 1 s and fails with a retryable 500: the client
    # would send it again (three attempts), and the session would ask again after its backoff.
    fault = emulator.faults.add("CreateParticipantConnection", status=500, delay=1.0, count=100)
    emulator.drop_sockets(participant_id=pair.customer.participant_id)
    _wait_for(lambda: fault.fired >= 1)
    customer.close()
    fired = fault.fired
    assert _session_threads(before) == []  # the call's thread ended with its one attempt
    engine = customer._engine
    assert engine is not None and engine._sockets == {} and engine._tasks == set()
    time.sleep(3.0)  # longer than the client's backoff between attempts: a retry would show here
    assert fault.fired == fired


def test_the_asyncio_session_leaves_and_closes_the_same_way(
    emulator: Emulator, client_for: Callable[[str], Any]
) -> None:
    before = set(threading.enumerate())

    async def scenario() -> tuple[State, list[str], int, int, list[str]]:
        pair = emulator.start_chat_with_agent()
        customer = AsyncChatSession(
            client_for(emulator.endpoint), pair.customer.participant_token, config=FAST
        )
        agent = AsyncChatSession(client_for(emulator.endpoint), pair.agent.participant_token, config=FAST)
        await customer.start()
        await agent.start()
        fault = emulator.faults.add("CreateParticipantConnection", status=500, delay=1.0, count=100)
        emulator.drop_sockets(participant_id=pair.agent.participant_id)
        deadline = time.monotonic() + 20
        while fault.fired < 1:
            assert time.monotonic() < deadline
            await asyncio.sleep(0.02)
        await agent.close()
        fired = fault.fired
        await asyncio.sleep(3.0)
        emulator.faults.clear()
        await customer.disconnect()
        items = await customer.poll()
        kinds = [item.ContentType.rsplit(".", 1)[-1] for item in items if item.Type != "MESSAGE"]
        return customer.state, kinds, fired, fault.fired, _session_threads(before)

    state, kinds, fired_at_close, fired_later, threads = asyncio.run(scenario())
    assert state is State.ENDED
    assert kinds[-1] == "ended"
    assert fired_later == fired_at_close
    assert threads == []

"""The Python face of the emulator: a background thread or the caller's event loop, and helpers
whose results never show a token."""

from __future__ import annotations

import asyncio
import json
import re

import aiohttp
import pytest

from paws_compat.emulator import Emulator


def test_context_manager_runs_on_a_thread_and_stops() -> None:
    with Emulator() as emu:
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+", emu.endpoint)
        assert emu.websocket_url == emu.endpoint.replace("http://", "ws://") + "/ws"
        assert repr(emu) == f"<Emulator {emu.endpoint}>"
        with pytest.raises(RuntimeError):
            emu.start_in_thread()
    assert not emu.running
    assert repr(emu) == "<Emulator stopped>"
    with pytest.raises(RuntimeError):
        _ = emu.endpoint


def test_inside_a_running_event_loop() -> None:
    async def scenario() -> dict[str, object]:
        async with Emulator() as emu:
            chat = emu.start_chat(display_name="Async")
            async with (
                aiohttp.ClientSession() as session,
                session.post(
                    emu.endpoint + "/participant/connection",
                    headers={"X-Amz-Bearer": chat.participant_token},
                    data=json.dumps({"Type": ["CONNECTION_CREDENTIALS"]}),
                ) as answer,
            ):
                assert answer.status == 200
                credentials = (await answer.json())["ConnectionCredentials"]
            assert emu.chat_state(chat.contact_id)["Participants"][0]["DisplayName"] == "Async"
            return dict(credentials)

    credentials = asyncio.run(asyncio.wait_for(scenario(), 30))
    assert str(credentials["Expiry"]).endswith("Z")


def test_start_and_stop_explicitly_in_a_loop() -> None:
    async def scenario() -> bool:
        emu = Emulator()
        await emu.start()
        running = emu.running
        await emu.stop()
        return running and not emu.running

    assert asyncio.run(asyncio.wait_for(scenario(), 30))


def test_helpers_hide_tokens(paws_emulator: Emulator) -> None:
    pair = paws_emulator.start_chat_with_agent(customer_name="C", agent_name="A")
    shown = (
        repr(pair)
        + repr(pair.customer)
        + repr(pair.agent)
        + json.dumps(paws_emulator.chat_state(pair.contact_id))
    )
    assert pair.customer.participant_token not in shown
    assert pair.agent.participant_token not in shown
    assert pair.instance_id == pair.customer.instance_id


def test_helpers_refuse_unknown_chats(paws_emulator: Emulator) -> None:
    with pytest.raises(KeyError):
        paws_emulator.inject_item("no-such-chat", {"Type": "MESSAGE"})
    with pytest.raises(KeyError):
        paws_emulator.stop_contact("no-such-chat")


def test_transcript_returns_copies(paws_emulator: Emulator) -> None:
    chat = paws_emulator.start_chat(initial_message="hello")
    items = paws_emulator.transcript(chat.contact_id)
    items[-1]["Content"] = "changed"
    assert paws_emulator.transcript(chat.contact_id)[-1]["Content"] == "hello"


def test_settings_reach_the_service(paws_emulator_factory: object) -> None:
    emu = paws_emulator_factory(connection_expiry_seconds=7, max_sockets_per_participant=2)  # type: ignore[operator]
    assert emu.settings.connection_expiry_seconds == 7
    assert emu.service.settings.max_sockets_per_participant == 2

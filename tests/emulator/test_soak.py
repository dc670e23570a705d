"""Soak: many chats at once through socket drops and injected errors; nothing leaks, nothing is lost.

Deselected by default (`-m soak` runs it): about 10 s on two cores.
"""

from __future__ import annotations

import asyncio
import json
import random
from typing import Any

import aiohttp
import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from paws_compat.emulator import Emulator

CHATS = 100
ROUNDS = 100
SUBSCRIBE = json.dumps({"topic": "aws/subscribe", "content": {"topics": ["aws/chat"]}})


async def post(session: aiohttp.ClientSession, url: str, token: str, body: dict[str, Any]) -> tuple[int, Any]:
    async with session.post(url, headers={"X-Amz-Bearer": token}, data=json.dumps(body)) as answer:
        return answer.status, await answer.json(content_type=None)


class Customer:
    def __init__(self, emulator: Emulator, session: aiohttp.ClientSession) -> None:
        self.emulator = emulator
        self.session = session
        self.chat = emulator.start_chat_with_agent()
        self.seen: set[str] = set()
        self.socket: Any = None
        self.agent_token = ""

    async def setup(self) -> None:
        status, answer = await post(
            self.session,
            self.emulator.endpoint + "/participant/connection",
            self.chat.agent.participant_token,
            {"Type": ["CONNECTION_CREDENTIALS"]},
        )
        assert status == 200
        self.agent_token = answer["ConnectionCredentials"]["ConnectionToken"]
        await self.reconnect()

    async def reconnect(self) -> None:
        status, answer = await post(
            self.session,
            self.emulator.endpoint + "/participant/connection",
            self.chat.customer.participant_token,
            {"Type": ["WEBSOCKET"]},
        )
        assert status == 200
        self.socket = await connect(answer["Websocket"]["Url"], open_timeout=30, ping_interval=None)
        for _ in range(5):  # websocket.md: after a failure ack, resend (at most 5 times)
            await self.socket.send(SUBSCRIBE)
            ack = json.loads(await asyncio.wait_for(self.socket.recv(), 30))
            if ack["content"]["status"] == "success":
                return
        raise AssertionError("subscribe kept failing")

    async def drain(self) -> None:
        while True:
            try:
                frame = json.loads(await asyncio.wait_for(self.socket.recv(), 0.01))
            except (asyncio.TimeoutError, TimeoutError):
                return
            except ConnectionClosed:
                await self.reconnect()
                return
            if frame.get("topic") == "aws/chat":
                self.seen.add(json.loads(frame["content"])["Id"])

    async def agent_says(self, text: str) -> int:
        status, _ = await post(
            self.session,
            self.emulator.endpoint + "/participant/message",
            self.agent_token,
            {"ContentType": "text/plain", "Content": text},
        )
        return status


@pytest.mark.soak
def test_many_chats_through_drops_and_errors(paws_emulator_factory: Any) -> None:
    emulator: Emulator = paws_emulator_factory()
    rng = random.Random(7)

    async def scenario() -> None:
        async with aiohttp.ClientSession() as session:
            customers = [Customer(emulator, session) for _ in range(CHATS)]
            await asyncio.gather(*(c.setup() for c in customers))
            statuses: list[int] = []
            for round_number in range(ROUNDS):
                if round_number % 5 == 0:
                    emulator.faults.add(operation="SendMessage", status=500, count=10)
                    emulator.faults.fail_subscribe(count=3)
                    for victim in rng.sample(customers, 10):
                        emulator.drop_sockets(participant_id=victim.chat.customer.participant_id)
                statuses += await asyncio.gather(*(c.agent_says(f"round {round_number}") for c in customers))
                await asyncio.gather(*(c.drain() for c in customers))
            assert statuses.count(500) <= 10 * (ROUNDS // 5)
            assert set(statuses) <= {200, 500}
            for customer in customers:
                stored = {i["Id"] for i in emulator.transcript(customer.chat.contact_id)}
                assert customer.seen <= stored
                await customer.socket.close()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 60  # the server notices each close a moment later (later when loaded)
        while emulator._server.channels and loop.time() < deadline:
            await asyncio.sleep(0.05)
        assert not emulator._server.channels

    asyncio.run(asyncio.wait_for(scenario(), 300))

"""The chat websocket, frame by frame as websocket.md describes it, with a plain `websockets` client."""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from websockets.exceptions import ConnectionClosed, ConnectionClosedError, ConnectionClosedOK, InvalidStatus
from websockets.sync.client import ClientConnection, connect

from paws_compat.emulator import ChatPair, Emulator
from tests.emulator.conftest import participant_client

WAIT = 5.0
SUBSCRIBE = json.dumps({"topic": "aws/subscribe", "content": {"topics": ["aws/chat"]}})
ACK = {"topic": "aws/subscribe", "content": {"status": "success", "topics": ["aws/chat"]}}
EVENT = "application/vnd.amazonaws.connect.event."


class Side:
    """One participant: its ConnectionToken and a way to open websockets."""

    def __init__(self, emulator: Emulator, participant_token: str) -> None:
        self.client = participant_client(emulator)
        self.participant_token = participant_token
        self.token = self.client.create_participant_connection(
            ParticipantToken=participant_token, Type=["CONNECTION_CREDENTIALS"]
        )["ConnectionCredentials"]["ConnectionToken"]
        self.stack = contextlib.ExitStack()

    def url(self) -> str:
        answer = self.client.create_participant_connection(
            ParticipantToken=self.participant_token, Type=["WEBSOCKET"]
        )
        return str(answer["Websocket"]["Url"])

    def open(self, subscribe: bool = True) -> ClientConnection:
        socket = self.stack.enter_context(connect(self.url(), open_timeout=WAIT, close_timeout=1))
        if subscribe:
            socket.send(SUBSCRIBE)
            assert receive(socket) == ACK
        return socket

    def say(self, text: str) -> str:
        return str(
            self.client.send_message(ConnectionToken=self.token, ContentType="text/plain", Content=text)["Id"]
        )

    def event(self, content_type: str, content: str | None = None) -> str:
        kwargs = {"Content": content} if content is not None else {}
        answer = self.client.send_event(
            ConnectionToken=self.token, ContentType=EVENT + content_type, **kwargs
        )
        return str(answer["Id"])

    def close(self) -> None:
        self.stack.close()


def receive(socket: ClientConnection) -> Any:
    return json.loads(socket.recv(timeout=WAIT))


def chat_item(socket: ClientConnection) -> dict[str, Any]:
    """The next aws/chat frame's Item: the frame is JSON whose content is JSON again, in a string."""
    frame = receive(socket)
    assert set(frame) == {"topic", "contentType", "content"}
    assert (frame["topic"], frame["contentType"]) == ("aws/chat", "application/json")
    assert isinstance(frame["content"], str)
    item = json.loads(frame["content"])
    assert isinstance(item, dict)
    return item


def closed_code(socket: ClientConnection) -> int | None:
    """Read until the service closes the socket; the close code (None when cut without a close frame)."""
    with pytest.raises(ConnectionClosed):
        for _ in range(50):
            socket.recv(timeout=WAIT)
    return socket.close_code


@pytest.fixture
def sides(paws_emulator: Emulator, paws_chat: ChatPair) -> Iterator[tuple[Side, Side]]:
    customer = Side(paws_emulator, paws_chat.customer.participant_token)
    agent = Side(paws_emulator, paws_chat.agent.participant_token)
    yield customer, agent
    customer.close()
    agent.close()


def test_subscribe_is_acknowledged_and_chat_items_follow(
    sides: tuple[Side, Side], paws_chat: ChatPair
) -> None:
    customer, agent = sides
    socket = customer.open(subscribe=False)
    socket.send(SUBSCRIBE)
    assert receive(socket) == ACK
    sent = agent.say("hello from the agent")
    item = chat_item(socket)
    assert item["Id"] == sent
    assert item["Type"] == "MESSAGE" and item["Content"] == "hello from the agent"
    assert item["ContentType"] == "text/plain"
    assert item["ParticipantId"] == paws_chat.agent.participant_id
    assert (item["DisplayName"], item["ParticipantRole"]) == ("Agent", "AGENT")
    assert item["ContactId"] == item["InitialContactId"] == paws_chat.contact_id


def test_heartbeat_and_ping_are_answered(sides: tuple[Side, Side]) -> None:
    socket = sides[0].open(subscribe=False)
    socket.send(json.dumps({"topic": "aws/ping"}))
    socket.send(json.dumps({"topic": "aws/heartbeat"}))
    assert receive(socket) == {"topic": "aws/ping", "statusCode": 200, "statusContent": "OK"}
    assert receive(socket) == {"topic": "aws/heartbeat"}


def test_no_chat_item_before_the_subscribe_ack(sides: tuple[Side, Side]) -> None:
    customer, agent = sides
    socket = customer.open(subscribe=False)
    agent.say("too early")
    socket.send(SUBSCRIBE)
    assert receive(socket) == ACK
    later = agent.say("after the ack")
    assert chat_item(socket)["Id"] == later


def test_unknown_topic_gets_a_failure_ack(sides: tuple[Side, Side]) -> None:
    socket = sides[0].open(subscribe=False)
    socket.send(json.dumps({"topic": "aws/subscribe", "content": {"topics": ["aws/other"]}}))
    assert receive(socket) == {
        "topic": "aws/subscribe",
        "content": {"status": "failure", "topics": ["aws/other"]},
    }


@pytest.mark.parametrize("frame", ['{"topic": "aws/unknown"}', "not json", '["aws/ping"]'])
def test_unrouted_frame_answers_forbidden(sides: tuple[Side, Side], frame: str) -> None:
    socket = sides[0].open(subscribe=False)
    socket.send(frame)
    answer = receive(socket)
    assert answer["message"] == "Forbidden"
    assert set(answer) == {"message", "connectionId", "requestId"}


def test_the_sender_receives_its_own_items(sides: tuple[Side, Side]) -> None:
    customer, _ = sides
    socket = customer.open()
    sent = customer.say("echo")
    assert chat_item(socket)["Id"] == sent


def test_a_url_opens_once(sides: tuple[Side, Side]) -> None:
    url = sides[0].url()
    with connect(url, open_timeout=WAIT):
        pass
    with pytest.raises(InvalidStatus) as refused:
        connect(url, open_timeout=WAIT)
    assert refused.value.response.status_code == 403


def test_unknown_auth_token_is_refused(paws_emulator: Emulator) -> None:
    with pytest.raises(InvalidStatus) as refused:
        connect(paws_emulator.websocket_url + "?AuthToken=made-up", open_timeout=WAIT)
    assert refused.value.response.status_code == 403


def test_expired_url_is_refused_at_the_handshake(paws_emulator_factory: Callable[..., Emulator]) -> None:
    emulator = paws_emulator_factory(connection_expiry_seconds=0)
    chat = emulator.start_chat()
    with pytest.raises(InvalidStatus) as refused:
        connect(Side(emulator, chat.participant_token).url(), open_timeout=WAIT)
    assert refused.value.response.status_code == 403


def test_socket_life_is_capped(paws_emulator_factory: Callable[..., Emulator]) -> None:
    emulator = paws_emulator_factory(max_socket_life_seconds=0.2)
    side = Side(emulator, emulator.start_chat().participant_token)
    socket = side.open()
    assert closed_code(socket) == 1001
    assert isinstance(socket.close_reason, str)


def test_a_socket_whose_client_sends_nothing_is_closed_when_idle(
    paws_emulator_factory: Callable[..., Emulator],
) -> None:
    emulator = paws_emulator_factory(websocket_idle_seconds=0.5)
    side = Side(emulator, emulator.start_chat().participant_token)
    socket = side.open()
    assert closed_code(socket) == 1001
    assert "idle" in (socket.close_reason or "")
    side.close()


def test_heartbeats_keep_a_socket_open_past_the_idle_timeout(
    paws_emulator_factory: Callable[..., Emulator],
) -> None:
    emulator = paws_emulator_factory(websocket_idle_seconds=0.6)
    side = Side(emulator, emulator.start_chat().participant_token)
    socket = side.open()
    # Heartbeats 0.2 s apart for five idle periods: every one is answered, the socket stays open.
    for _ in range(15):
        time.sleep(0.2)
        socket.send(json.dumps({"topic": "aws/heartbeat"}))
        assert receive(socket) == {"topic": "aws/heartbeat"}
    # Then silence: the socket is closed as idle.
    assert closed_code(socket) == 1001
    side.close()


def test_deliveries_from_the_service_do_not_count_as_client_activity(
    paws_emulator_factory: Callable[..., Emulator],
) -> None:
    emulator = paws_emulator_factory(websocket_idle_seconds=0.6)
    chat = emulator.start_chat_with_agent()
    customer = Side(emulator, chat.customer.participant_token)
    agent = Side(emulator, chat.agent.participant_token)
    socket = customer.open()
    with pytest.raises(ConnectionClosed):
        for n in range(60):  # the agent talks, the customer's socket only receives
            agent.say(f"message {n}")
            socket.recv(timeout=WAIT)
            time.sleep(0.05)
    assert socket.close_code == 1001
    customer.close()
    agent.close()


def test_at_most_five_sockets_per_participant(
    sides: tuple[Side, Side], paws_emulator: Emulator, paws_chat: ChatPair
) -> None:
    customer, _ = sides
    opened = [customer.open() for _ in range(5)]
    with pytest.raises(InvalidStatus) as refused:
        connect(customer.url(), open_timeout=WAIT)
    assert refused.value.response.status_code == 429
    opened[0].close()

    def customer_sockets() -> int:
        state = paws_emulator.chat_state(paws_chat.contact_id)["Participants"]
        return int(next(p for p in state if p["ParticipantRole"] == "CUSTOMER")["Sockets"])

    deadline = time.monotonic() + 10 * WAIT  # the server notices the close a moment later
    while customer_sockets() != 4 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert customer_sockets() == 4
    customer.open()


def test_chat_end_sends_chat_ended_then_closes(
    sides: tuple[Side, Side], paws_emulator: Emulator, paws_chat: ChatPair
) -> None:
    customer, agent = sides
    sockets = [customer.open(), agent.open()]
    paws_emulator.stop_contact(paws_chat.contact_id)
    for socket in sockets:
        item = chat_item(socket)
        assert item["ContentType"] == EVENT + "chat.ended"
        assert item["ParticipantRole"] == "SYSTEM"
        assert closed_code(socket) == 1000


def test_customer_disconnect_ends_the_chat(sides: tuple[Side, Side]) -> None:
    customer, agent = sides
    socket = agent.open()
    customer.client.disconnect_participant(ConnectionToken=customer.token)
    assert chat_item(socket)["ContentType"] == EVENT + "participant.left"
    assert chat_item(socket)["ContentType"] == EVENT + "chat.ended"
    assert closed_code(socket) == 1000


def test_agent_leaving_is_announced_and_closes_its_sockets(
    sides: tuple[Side, Side], paws_chat: ChatPair
) -> None:
    customer, agent = sides
    customer_socket, agent_socket = customer.open(), agent.open()
    agent.client.disconnect_participant(ConnectionToken=agent.token)
    left = chat_item(customer_socket)
    assert left["ContentType"] == EVENT + "participant.left"
    assert left["ParticipantId"] == paws_chat.agent.participant_id
    assert chat_item(agent_socket)["ContentType"] == EVENT + "participant.left"
    assert closed_code(agent_socket) == 1000


def test_joined_and_typing_events(
    sides: tuple[Side, Side], paws_emulator: Emulator, paws_chat: ChatPair
) -> None:
    customer, agent = sides
    socket = customer.open()
    supervisor = paws_emulator.add_participant(paws_chat.contact_id, role="SUPERVISOR", display_name="Boss")
    joined = chat_item(socket)
    assert joined["ContentType"] == EVENT + "participant.joined"
    assert (joined["Type"], joined["ParticipantId"], joined["ParticipantRole"]) == (
        "EVENT",
        supervisor.participant_id,
        "SUPERVISOR",
    )
    agent.event("typing")
    typing = chat_item(socket)
    assert (typing["Type"], typing["ContentType"]) == ("EVENT", EVENT + "typing")


@pytest.mark.parametrize(("kind", "stamp"), [("read", "ReadTimestamp"), ("delivered", "DeliveredTimestamp")])
def test_receipts_arrive_as_message_metadata(
    sides: tuple[Side, Side], paws_emulator: Emulator, paws_chat: ChatPair, kind: str, stamp: str
) -> None:
    customer, agent = sides
    socket = customer.open()
    message_id = customer.say("did you see this?")
    assert chat_item(socket)["Id"] == message_id
    agent.event(f"message.{kind}", json.dumps({"messageId": message_id}))
    item = chat_item(socket)
    assert item["Type"] == "MESSAGEMETADATA"
    assert item["ContentType"] == EVENT + "message.metadata"
    receipt = item["MessageMetadata"]["Receipts"][0]
    assert item["MessageMetadata"]["MessageId"] == message_id
    assert receipt["RecipientParticipantId"] == paws_chat.agent.participant_id
    assert stamp in receipt
    stored = {i["Id"]: i for i in paws_emulator.transcript(paws_chat.contact_id)}[message_id]
    assert stored["MessageMetadata"]["Receipts"][0][stamp] == receipt[stamp]


def test_streamed_items_share_an_id_and_update_the_transcript(
    sides: tuple[Side, Side], paws_emulator: Emulator, paws_chat: ChatPair
) -> None:
    socket = sides[0].open()
    base = {
        "Type": "MESSAGE",
        "ContentType": "text/plain",
        "ParticipantRole": "CUSTOM_BOT",
        "DisplayName": "Bot",
        "Id": "bot-reply-1",
    }
    paws_emulator.inject_item(paws_chat.contact_id, {**base, "Content": "Hel"})
    paws_emulator.inject_item(paws_chat.contact_id, {**base, "Content": "Hello there"})
    first, second = chat_item(socket), chat_item(socket)
    assert first["Id"] == second["Id"] == "bot-reply-1"
    assert (first["Content"], second["Content"]) == ("Hel", "Hello there")
    stored = [i for i in paws_emulator.transcript(paws_chat.contact_id) if i["Id"] == "bot-reply-1"]
    assert [i["Content"] for i in stored] == ["Hello there"]


def test_injected_items_make_gaps_and_keep_time_order(
    sides: tuple[Side, Side], paws_emulator: Emulator, paws_chat: ChatPair
) -> None:
    customer, _ = sides
    socket = customer.open()
    hidden = paws_emulator.inject_item(
        paws_chat.contact_id,
        {"Type": "MESSAGE", "ContentType": "text/plain", "Content": "only in the transcript"},
        deliver=False,
    )
    early = paws_emulator.inject_item(
        paws_chat.contact_id,
        {
            "Type": "MESSAGE",
            "ContentType": "text/plain",
            "Content": "late but old",
            "AbsoluteTime": "2000-01-01T00:00:00.000Z",
        },
    )
    assert chat_item(socket)["Id"] == early["Id"]
    order = [i["Id"] for i in paws_emulator.transcript(paws_chat.contact_id)]
    assert order[0] == early["Id"] and hidden["Id"] in order


def test_dropped_sockets_end_without_a_close_frame(
    sides: tuple[Side, Side], paws_emulator: Emulator, paws_chat: ChatPair
) -> None:
    socket = sides[0].open()
    assert paws_emulator.faults.drop_sockets(contact_id=paws_chat.contact_id) == 1
    with pytest.raises(ConnectionClosedError):
        socket.recv(timeout=WAIT)
    assert socket.close_code is None or socket.close_code == 1006


def test_silent_heartbeats(sides: tuple[Side, Side], paws_emulator: Emulator) -> None:
    socket = sides[0].open()
    paws_emulator.faults.silence_heartbeats(count=1)
    socket.send(json.dumps({"topic": "aws/heartbeat"}))
    socket.send(json.dumps({"topic": "aws/ping"}))
    assert receive(socket)["topic"] == "aws/ping"
    socket.send(json.dumps({"topic": "aws/heartbeat"}))
    assert receive(socket) == {"topic": "aws/heartbeat"}


def test_ping_500(sides: tuple[Side, Side], paws_emulator: Emulator) -> None:
    socket = sides[0].open()
    paws_emulator.faults.ping_500()
    socket.send(json.dumps({"topic": "aws/ping"}))
    assert receive(socket) == {
        "topic": "aws/ping",
        "statusCode": 500,
        "statusContent": "Internal Server Error",
    }


def test_subscribe_failure_then_success_on_retry(sides: tuple[Side, Side], paws_emulator: Emulator) -> None:
    customer, agent = sides
    paws_emulator.faults.fail_subscribe(count=1)
    socket = customer.open(subscribe=False)
    socket.send(SUBSCRIBE)
    assert receive(socket)["content"]["status"] == "failure"
    sent = agent.say("not delivered to an unsubscribed socket")
    socket.send(SUBSCRIBE)
    assert receive(socket) == ACK
    assert chat_item_or_none(socket, sent) is None


def chat_item_or_none(socket: ClientConnection, unwanted_id: str) -> dict[str, Any] | None:
    """After a ping round trip nothing else may be queued: returns a stray item with that Id if any."""
    socket.send(json.dumps({"topic": "aws/ping"}))
    frame = receive(socket)
    if frame.get("topic") == "aws/chat":
        item = json.loads(frame["content"])
        return item if item["Id"] == unwanted_id else None
    return None


def test_refused_handshake_fault(sides: tuple[Side, Side], paws_emulator: Emulator) -> None:
    paws_emulator.faults.refuse_handshake(count=1)
    url = sides[0].url()
    with pytest.raises(InvalidStatus) as refused:
        connect(url, open_timeout=WAIT)
    assert refused.value.response.status_code == 500
    with connect(url, open_timeout=WAIT) as socket:
        socket.send(SUBSCRIBE)
        assert receive(socket) == ACK


def test_sockets_of_an_ended_chat_cannot_open(
    sides: tuple[Side, Side], paws_emulator: Emulator, paws_chat: ChatPair
) -> None:
    url = sides[0].url()
    paws_emulator.stop_contact(paws_chat.contact_id)
    with pytest.raises(InvalidStatus) as refused:
        connect(url, open_timeout=WAIT)
    assert refused.value.response.status_code == 403


def test_close_ok_is_clean(sides: tuple[Side, Side]) -> None:
    socket = sides[0].open()
    socket.close()
    with pytest.raises(ConnectionClosedOK):
        socket.recv(timeout=WAIT)

"""The sans-I/O chat state machine, driven by a fake clock and scripted service answers."""

from __future__ import annotations

import json
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paws_compat._timestamps import format_instant, parse_instant
from paws_compat.chat.protocol import (
    CHAT_ENDED_CONTENT_TYPE,
    HEARTBEAT_FRAME,
    PING_FRAME,
    SUBSCRIBE_FRAME,
    Action,
    ChatConfig,
    ChatProtocol,
    CloseSocket,
    ConnectionEvent,
    Failure,
    FetchTranscript,
    Grant,
    ItemEvent,
    OpenSocket,
    RequestConnection,
    SendFrame,
    State,
    TypingThrottle,
    classify,
)
from paws_compat.errors import ParamValidationError

CONFIG = ChatConfig(
    heartbeat_interval=10.0,
    rotate_after=3600.0,
    reorder_window=0.1,
    fill_hold_max=10.0,
    token_refresh_margin=60.0,
    anchor_slack=0.0,
)
ACK = json.dumps({"topic": "aws/subscribe", "content": {"status": "success", "topics": ["aws/chat"]}})
NACK = json.dumps({"topic": "aws/subscribe", "content": {"status": "failure"}})
HEARTBEAT_ANSWER = json.dumps({"topic": "aws/heartbeat"})
BASE_TIME = 1_700_000_000.0


def item(
    n: int, *, content: str | None = None, kind: str = "MESSAGE", at: float | None = None
) -> dict[str, Any]:
    when = BASE_TIME + (n if at is None else at)
    result: dict[str, Any] = {
        "Id": f"id-{n}",
        "Type": kind,
        "ContentType": "text/plain",
        "Content": content if content is not None else f"message {n}",
        "AbsoluteTime": format_instant(when),
        "ParticipantRole": "AGENT",
    }
    return result


def ended_item(n: int) -> dict[str, Any]:
    return {
        "Id": f"id-{n}",
        "Type": "EVENT",
        "ContentType": CHAT_ENDED_CONTENT_TYPE,
        "AbsoluteTime": format_instant(BASE_TIME + n),
    }


def chat_frame(data: dict[str, Any]) -> str:
    return json.dumps({"topic": "aws/chat", "contentType": "application/json", "content": json.dumps(data)})


class Sim:
    """One protocol with a fake clock, remembering every action and event it produced."""

    def __init__(self, config: ChatConfig = CONFIG, *, random_value: float = 0.5, **kwargs: Any) -> None:
        self.proto = ChatProtocol(config, random=lambda: random_value, **kwargs)
        self.now = 0.0
        self.actions: list[Action] = []
        self.events: list[Any] = []

    def collect(self) -> list[Action]:
        new = self.proto.take_actions()
        self.actions.extend(new)
        self.events.extend(self.proto.take_events())
        return new

    def advance(self, seconds: float) -> list[Action]:
        """Move the clock, ticking at every deadline on the way (as a front-end does)."""
        end = self.now + seconds
        new: list[Action] = []
        while True:
            deadline = self.proto.next_deadline()
            if deadline is None or deadline > end:
                break
            self.now = max(self.now, deadline)
            self.proto.tick(self.now)
            new += self.collect()
        self.now = end
        self.proto.tick(self.now)
        return new + self.collect()

    def last(self, kind: type) -> Any:
        for action in reversed(self.actions):
            if isinstance(action, kind):
                return action
        raise AssertionError(f"no {kind.__name__} among {self.actions}")

    def grant(
        self,
        request: RequestConnection | None = None,
        *,
        url_life: float = 100.0,
        token_life: float = 86400.0,
        token: str = "conn-token-1",
    ) -> list[Action]:
        request = request or self.last(RequestConnection)
        url = "wss://example.test/?AuthToken=secret-auth" if "WEBSOCKET" in request.types else None
        self.proto.connection_granted(self.now, request.request_id, Grant(url, url_life, token, token_life))
        return self.collect()

    def open_and_ack(self, socket_id: int | None = None) -> int:
        socket_id = socket_id if socket_id is not None else self.last(OpenSocket).socket_id
        self.proto.socket_opened(self.now, socket_id)
        self.collect()
        self.proto.frame_received(self.now, socket_id, ACK)
        self.collect()
        return socket_id

    def connect(self, *, history: list[dict[str, Any]] | None = None) -> int:
        self.proto.start(self.now)
        self.collect()
        self.grant()
        socket_id = self.open_and_ack()
        fetch = [a for a in self.actions if isinstance(a, FetchTranscript)]
        if fetch:
            self.proto.transcript_received(self.now, fetch[-1].request_id, history or [], None)
            self.collect()
        return socket_id

    def frame(self, socket_id: int, text: str) -> None:
        self.proto.frame_received(self.now, socket_id, text)
        self.collect()

    def items(self) -> list[ItemEvent]:
        return [e for e in self.events if isinstance(e, ItemEvent)]

    def connection_events(self) -> list[str]:
        """The connection's own events (the deep heartbeat's are `deep_heartbeats`)."""
        return [
            e.kind
            for e in self.events
            if isinstance(e, ConnectionEvent) and not e.kind.startswith("deep_heartbeat")
        ]

    def deep_heartbeats(self) -> list[tuple[str, str]]:
        return [
            (e.kind[len("deep_heartbeat_") :], e.reason)
            for e in self.events
            if isinstance(e, ConnectionEvent) and e.kind.startswith("deep_heartbeat")
        ]

    def frames_sent(self, socket_id: int) -> list[str]:
        return [a.text for a in self.actions if isinstance(a, SendFrame) and a.socket_id == socket_id]


# --- connecting and subscribing ------------------------------------------------------------------


def test_start_asks_for_websocket_and_credentials_joining_as_the_caller_asked() -> None:
    sim = Sim(connect_participant=True)
    sim.proto.start(0.0)
    (request,) = sim.collect()
    assert isinstance(request, RequestConnection)
    assert request.types == ("WEBSOCKET", "CONNECTION_CREDENTIALS")
    assert request.connect_participant is True
    sim.grant()
    assert sim.proto.connection_token == "conn-token-1"
    assert isinstance(sim.last(OpenSocket), OpenSocket)


def test_later_connections_do_not_join_again() -> None:
    sim = Sim(connect_participant=True)
    socket_id = sim.connect()
    sim.proto.socket_closed(sim.now, socket_id, 1006)
    sim.collect()
    assert sim.last(RequestConnection).connect_participant is False


def test_opening_subscribes_then_pings_and_heartbeats_at_once() -> None:
    sim = Sim()
    sim.proto.start(0.0)
    sim.collect()
    sim.grant()
    socket_id = sim.last(OpenSocket).socket_id
    sim.proto.socket_opened(0.0, socket_id)
    sim.collect()
    assert sim.frames_sent(socket_id) == [SUBSCRIBE_FRAME, PING_FRAME, HEARTBEAT_FRAME]
    assert sim.proto.state is State.CONNECTING
    sim.frame(socket_id, ACK)
    assert sim.proto.state is State.CONNECTED


def test_subscribe_is_resent_each_second_without_ack_at_most_four_times() -> None:
    sim = Sim()
    sim.proto.start(0.0)
    sim.collect()
    sim.grant()
    socket_id = sim.last(OpenSocket).socket_id
    sim.proto.socket_opened(0.0, socket_id)
    sim.collect()
    sim.advance(0.9)
    assert sim.frames_sent(socket_id).count(SUBSCRIBE_FRAME) == 1
    sim.advance(0.2)
    assert sim.frames_sent(socket_id).count(SUBSCRIBE_FRAME) == 2
    sim.advance(2.0)
    assert sim.frames_sent(socket_id).count(SUBSCRIBE_FRAME) == 4
    before = len(sim.actions)
    sim.advance(1.0)
    # The fourth send went unanswered too: the socket is given up and a new URL is fetched.
    assert CloseSocket(socket_id) in sim.actions[before:]
    sim.advance(CONFIG.reconnect_initial)
    assert sum(isinstance(a, RequestConnection) for a in sim.actions) == 2


def test_a_failed_subscribe_is_resent_every_half_second_at_most_five_times() -> None:
    sim = Sim()
    sim.proto.start(0.0)
    sim.collect()
    sim.grant()
    socket_id = sim.last(OpenSocket).socket_id
    sim.proto.socket_opened(0.0, socket_id)
    sim.collect()
    for failures in range(1, 5):
        sim.frame(socket_id, NACK)
        sim.advance(0.4)
        assert sim.frames_sent(socket_id).count(SUBSCRIBE_FRAME) == failures
        sim.advance(0.1)
        assert sim.frames_sent(socket_id).count(SUBSCRIBE_FRAME) == failures + 1
    sim.frame(socket_id, NACK)
    assert CloseSocket(socket_id) in sim.actions
    assert sim.proto.state is State.CONNECTING


def test_a_subscribe_that_succeeds_after_a_failure_connects() -> None:
    sim = Sim()
    sim.proto.start(0.0)
    sim.collect()
    sim.grant()
    socket_id = sim.last(OpenSocket).socket_id
    sim.proto.socket_opened(0.0, socket_id)
    sim.frame(socket_id, NACK)
    sim.advance(0.5)
    sim.frame(socket_id, ACK)
    assert sim.proto.state is State.CONNECTED


def test_an_expired_url_is_not_opened_a_new_one_is_fetched() -> None:
    sim = Sim()
    sim.proto.start(0.0)
    sim.collect()
    sim.grant(url_life=1.0)
    assert not any(isinstance(a, OpenSocket) for a in sim.actions)
    sim.advance(CONFIG.reconnect_initial)
    assert sum(isinstance(a, RequestConnection) for a in sim.actions) == 2


def test_a_403_before_any_connection_breaks_the_session() -> None:
    sim = Sim()
    sim.proto.start(0.0)
    request = sim.collect()[0]
    sim.proto.connection_failed(0.0, request.request_id, Failure.DENIED, "AccessDeniedException")
    sim.collect()
    assert sim.proto.state is State.BROKEN
    assert sim.connection_events() == ["connection_broken"]
    assert sim.proto.next_deadline() is None


def test_a_validation_error_is_terminal_and_a_throttle_is_retried() -> None:
    sim = Sim()
    sim.proto.start(0.0)
    request = sim.collect()[0]
    sim.proto.connection_failed(0.0, request.request_id, Failure.RETRYABLE)
    sim.collect()
    assert sim.proto.state is State.CONNECTING
    sim.advance(CONFIG.reconnect_initial)
    request = sim.last(RequestConnection)
    sim.proto.connection_failed(sim.now, request.request_id, Failure.FATAL)
    sim.collect()
    assert sim.proto.state is State.BROKEN


def test_stale_answers_are_ignored() -> None:
    sim = Sim()
    sim.connect()
    sim.proto.connection_granted(sim.now, 999, Grant("wss://x/?AuthToken=a", 100, "other", 100))
    sim.proto.transcript_received(sim.now, 999, [item(1)], None)
    sim.proto.frame_received(sim.now, 999, chat_frame(item(2)))
    sim.collect()
    assert sim.proto.connection_token == "conn-token-1"
    assert sim.items() == []


# --- heartbeats and dead sockets ---------------------------------------------------------------


def test_heartbeats_every_interval_while_answered() -> None:
    sim = Sim()
    socket_id = sim.connect()
    for _ in range(3):
        sim.frame(socket_id, HEARTBEAT_ANSWER)
        sim.advance(10.0)
    assert sim.frames_sent(socket_id).count(HEARTBEAT_FRAME) == 4
    assert sim.frames_sent(socket_id).count(PING_FRAME) == 4
    assert sim.proto.state is State.CONNECTED


def test_an_unanswered_heartbeat_at_the_next_tick_means_a_dead_socket() -> None:
    sim = Sim()
    socket_id = sim.connect()
    sim.advance(10.0)  # the first heartbeat was never answered
    assert CloseSocket(socket_id) in sim.actions
    assert sim.connection_events() == ["connection_lost"]
    assert sim.proto.state is State.RECONNECTING
    request = sim.last(RequestConnection)
    assert "WEBSOCKET" in request.types


def test_ping_500_means_the_service_behind_the_socket_is_unhealthy() -> None:
    sim = Sim()
    socket_id = sim.connect()
    sim.frame(socket_id, json.dumps({"topic": "aws/ping", "statusCode": 500, "statusContent": "error"}))
    assert CloseSocket(socket_id) in sim.actions
    assert sim.connection_events() == ["connection_lost"]


def test_deep_heartbeat_results_are_events_as_chatjs_reports_them() -> None:
    sim = Sim()
    socket_id = sim.connect()
    sim.frame(socket_id, json.dumps({"topic": "aws/ping", "statusCode": 200, "statusContent": "OK"}))
    sim.frame(socket_id, HEARTBEAT_ANSWER)
    sim.advance(10.0)  # the next ping goes out and is never answered; the heartbeat is
    sim.frame(socket_id, HEARTBEAT_ANSWER)
    sim.advance(10.0)
    sim.frame(socket_id, json.dumps({"topic": "aws/ping", "statusCode": 500, "statusContent": "error"}))
    assert sim.deep_heartbeats() == [
        ("success", ""),
        ("failure", "aws/ping response is not received"),
        ("failure", "aws/ping answered 500 error"),
    ]


def test_a_forbidden_frame_drops_the_socket() -> None:
    sim = Sim()
    socket_id = sim.connect()
    sim.frame(socket_id, json.dumps({"message": "Forbidden", "connectionId": "c", "requestId": "r"}))
    assert CloseSocket(socket_id) in sim.actions
    assert sim.proto.state is State.RECONNECTING


def test_garbage_frames_are_ignored() -> None:
    sim = Sim()
    socket_id = sim.connect()
    for text in ("not json", "[1,2]", json.dumps({"topic": "aws/chat", "content": "{broken"}), b"\xff"):
        sim.frame(socket_id, text)
    assert sim.proto.state is State.CONNECTED
    assert sim.items() == []


def _deep(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.parametrize(
    ("text", "why"),
    [
        (_deep(200_000), "nested too deep"),
        (json.dumps({"topic": "aws/chat", "content": _deep(200_000)}), "content is nested too deep"),
        (json.dumps({"topic": "aws/chat", "content": {"Id": "x", "A": json.loads(_deep(40))}}), "deeper"),
        ("x" * (2 << 20), "over the"),
        (json.dumps({"topic": "aws/chat", "content": json.dumps({"Id": ["not", "a", "string"]})}), "no Id"),
        (
            json.dumps({"topic": "aws/chat", "content": json.dumps({"Id": "i", "AbsoluteTime": 5})}),
            "AbsoluteTime",
        ),
        (
            json.dumps({"topic": "aws/chat", "content": json.dumps({"Id": "i", "ContentType": {}})}),
            "ContentType",
        ),
        (json.dumps({"topic": "aws/chat", "content": 12}), "not an item"),
        ("[1, 2]", "not an object"),
        (b"\xff\xfe", "not JSON"),
    ],
)
def test_a_hostile_frame_is_skipped_with_a_warning_and_the_socket_goes_on(
    text: str | bytes, why: str, caplog: pytest.LogCaptureFixture
) -> None:
    sim = Sim()
    socket_id = sim.connect()
    with caplog.at_level("WARNING", logger="paws_compat.chat"):
        sim.frame(socket_id, text)
    assert sim.proto.stats["frames_skipped"] == 1
    assert any(why in record.getMessage() for record in caplog.records), caplog.text
    assert sim.proto.state is State.CONNECTED
    sim.frame(socket_id, chat_frame(item(1)))
    sim.advance(1.0)
    assert [e.item["Id"] for e in sim.items()] == ["id-1"]


@settings(max_examples=200, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
        lambda children: (
            st.lists(children, max_size=3)
            | st.dictionaries(
                st.sampled_from(
                    [
                        "topic",
                        "content",
                        "Id",
                        "Type",
                        "ContentType",
                        "AbsoluteTime",
                        "Attachments",
                        "MessageMetadata",
                        "Content",
                        "status",
                        "statusCode",
                        "message",
                        "MessageCompleted",
                    ]
                ),
                children,
                max_size=5,
            )
        ),
        max_leaves=12,
    ),
    st.sampled_from(["aws/chat", "aws/subscribe", "aws/ping", "aws/heartbeat", None]),
    st.booleans(),
)
def test_no_frame_of_any_shape_raises_out_of_the_protocol(
    value: Any, topic: str | None, nested: bool
) -> None:
    sim = Sim()
    socket_id = sim.connect()
    if topic is None:
        text = json.dumps(value)
    else:
        text = json.dumps({"topic": topic, "content": json.dumps(value) if nested else value})
    sim.frame(socket_id, text)  # must not raise
    sim.advance(1.0)
    sim.proto.take_events()


def test_after_a_freeze_the_socket_is_asked_again_before_being_judged() -> None:
    sim = Sim()
    socket_id = sim.connect()
    sim.proto.tick(300.0)  # frozen for 5 minutes: the heartbeat answer may sit unread
    sim.now = 300.0
    sim.collect()
    assert CloseSocket(socket_id) not in sim.actions
    sim.frame(socket_id, HEARTBEAT_ANSWER)
    sim.advance(CONFIG.freeze_grace)
    assert sim.proto.state is State.CONNECTED
    sim.advance(CONFIG.heartbeat_interval)  # now unanswered for a full interval: dead
    assert sim.proto.state is State.RECONNECTING


def test_after_a_freeze_a_dead_socket_is_found_within_the_grace() -> None:
    sim = Sim()
    socket_id = sim.connect()
    sim.now = 300.0
    sim.proto.tick(300.0)
    sim.collect()
    sim.advance(CONFIG.freeze_grace)
    assert CloseSocket(socket_id) in sim.actions
    assert sim.proto.state is State.RECONNECTING


# --- reconnecting ------------------------------------------------------------------------------


def test_reconnect_backoff_doubles_with_jitter_up_to_the_cap() -> None:
    for random_value, factor in ((0.0, 0.5), (1.0, 1.0)):
        sim = Sim(random_value=random_value)
        socket_id = sim.connect()
        sim.proto.socket_closed(sim.now, socket_id, 1006)
        sim.collect()
        delays = []
        for _ in range(8):
            request = sim.last(RequestConnection)
            sim.proto.connection_failed(sim.now, request.request_id, Failure.RETRYABLE)
            sim.collect()
            start = sim.now
            deadline = sim.proto.next_deadline()
            assert deadline is not None
            delays.append(round(deadline - start, 6))
            sim.advance(deadline - start)
        expected = [min(30.0, 2.0**n) * factor for n in range(8)]
        assert delays == expected
        assert sim.connection_events() == ["connection_lost"]  # once per outage


def test_the_first_reconnect_after_a_drop_is_immediate_and_regained_follows() -> None:
    sim = Sim()
    socket_id = sim.connect()
    sim.proto.socket_closed(sim.now, socket_id, 1006)
    new = sim.collect()
    assert any(isinstance(a, RequestConnection) for a in new)
    sim.grant()
    sim.open_and_ack()
    assert sim.connection_events() == ["connection_lost", "connection_regained"]
    assert sim.proto.state is State.CONNECTED
    assert sim.proto.stats["reconnects"] == 1


def next_request(sim: Sim, after: int) -> RequestConnection:
    """The first CreateParticipantConnection after request `after`, moving the clock to it."""
    for _ in range(100):
        requests = [a for a in sim.actions if isinstance(a, RequestConnection) and a.request_id > after]
        if requests:
            return requests[0]
        deadline = sim.proto.next_deadline()
        assert deadline is not None
        sim.advance(max(0.0, deadline - sim.now))
    raise AssertionError("no CreateParticipantConnection came")


def test_a_socket_that_keeps_dying_right_after_connecting_backs_off_until_one_lasts() -> None:
    sim = Sim(random_value=1.0)
    socket_id = sim.connect()
    waits = []
    for _ in range(8):
        sim.proto.socket_closed(sim.now, socket_id, 1006)  # acknowledged, then dead (say ping 500)
        sim.collect()
        start = sim.now
        request = next_request(sim, after=sim.last(OpenSocket).socket_id)
        waits.append(round(sim.now - start, 6))
        sim.grant(request)
        socket_id = sim.open_and_ack()
    assert waits == [0.0, 1.0, 2.0, 4.0, 8.0, 16.0, 30.0, 30.0]
    # This one lives a heartbeat interval, its heartbeat answered: the next drop is immediate again.
    sim.frame(socket_id, HEARTBEAT_ANSWER)
    sim.advance(CONFIG.heartbeat_interval)
    sim.proto.socket_closed(sim.now, socket_id, 1006)
    assert any(isinstance(a, RequestConnection) for a in sim.collect())
    sim.grant()
    socket_id = sim.open_and_ack()
    sim.proto.socket_closed(sim.now, socket_id, 1006)
    assert not any(isinstance(a, RequestConnection) for a in sim.collect())
    start = sim.now
    next_request(sim, after=socket_id)
    assert sim.now - start == pytest.approx(CONFIG.reconnect_initial)


def test_sockets_shorter_lived_than_a_heartbeat_interval_still_prove_stable() -> None:
    # A proxy cuts every socket after 8 s, under the 10 s heartbeat interval: each socket works
    # (subscribed, heartbeat answered), so each drop is reconnected at once, not with a growing wait.
    sim = Sim(random_value=1.0)
    socket_id = sim.connect()
    for _ in range(6):
        sim.frame(socket_id, HEARTBEAT_ANSWER)
        sim.advance(8.0)
        sim.proto.socket_closed(sim.now, socket_id, 1001)
        assert any(isinstance(a, RequestConnection) for a in sim.collect())
        sim.grant()
        socket_id = sim.open_and_ack()
    # One that dies before `stable_after`, or with its heartbeat unanswered, is no proof: the
    # immediate reconnect was spent on the last drop, so these wait the backoff.
    sim.frame(socket_id, HEARTBEAT_ANSWER)
    sim.advance(CONFIG.stable_after / 2)
    sim.proto.socket_closed(sim.now, socket_id, 1001)
    assert not any(isinstance(a, RequestConnection) for a in sim.collect())
    sim.grant(next_request(sim, after=socket_id))
    socket_id = sim.open_and_ack()
    sim.advance(CONFIG.stable_after + 1.0)  # its heartbeat never answered
    sim.proto.socket_closed(sim.now, socket_id, 1001)
    assert not any(isinstance(a, RequestConnection) for a in sim.collect())


def test_a_socket_that_fails_to_open_is_retried_with_a_new_url() -> None:
    sim = Sim()
    sim.proto.start(0.0)
    sim.collect()
    sim.grant()
    first = sim.last(OpenSocket)
    sim.proto.socket_failed(0.0, first.socket_id, "HTTP 403 at the handshake")
    sim.collect()
    sim.advance(CONFIG.reconnect_initial)
    sim.grant()
    assert sim.last(OpenSocket).socket_id != first.socket_id


def test_give_up_after_breaks_a_long_outage() -> None:
    sim = Sim(ChatConfig(anchor_slack=0.0, give_up_after=20.0))
    socket_id = sim.connect()
    sim.proto.socket_closed(sim.now, socket_id, 1006)
    sim.collect()
    for _ in range(20):
        if sim.proto.state is State.BROKEN:
            break
        request = sim.last(RequestConnection)
        sim.proto.connection_failed(sim.now, request.request_id, Failure.RETRYABLE)
        sim.collect()
        sim.advance(5.0)
    assert sim.proto.state is State.BROKEN
    assert sim.connection_events() == ["connection_lost", "connection_broken"]


# --- rotation and token refresh ------------------------------------------------------------------


def test_rotation_is_make_before_break() -> None:
    sim = Sim()
    old = sim.connect()
    for _ in range(359):
        sim.frame(old, HEARTBEAT_ANSWER)
        sim.advance(10.0)
    assert not any(isinstance(a, RequestConnection) and a.request_id > 1 for a in sim.actions)
    sim.frame(old, HEARTBEAT_ANSWER)
    sim.advance(10.0)
    request = sim.last(RequestConnection)
    assert request.types == ("WEBSOCKET", "CONNECTION_CREDENTIALS")
    sim.grant(request)
    new = sim.last(OpenSocket).socket_id
    sim.proto.socket_opened(sim.now, new)
    sim.collect()
    # Both sockets deliver until the new one is subscribed; a copy seen on both is delivered once.
    sim.frame(old, chat_frame(item(1)))
    sim.frame(new, chat_frame(item(1)))
    assert CloseSocket(old) not in sim.actions
    sim.frame(new, ACK)
    # The old socket is still read for a while (it may lag the new one), then closed.
    fill = sim.last(FetchTranscript)
    sim.frame(new, chat_frame(item(3)))
    sim.frame(old, chat_frame(item(2)))  # in flight on the old socket when the new one took over
    sim.proto.transcript_received(sim.now, fill.request_id, [item(1), item(2), item(3)], None)
    sim.collect()
    assert CloseSocket(old) not in sim.actions
    sim.advance(CONFIG.rotation_linger)
    assert CloseSocket(old) in sim.actions
    assert [e.item["Id"] for e in sim.items()] == ["id-1", "id-2", "id-3"]
    assert sim.connection_events() == []
    assert sim.proto.stats["rotations"] == 1


def test_what_a_lagging_old_socket_never_delivered_is_filled_after_a_rotation() -> None:
    sim = Sim(ChatConfig(anchor_slack=0.0, rotate_after=5.0, rotation_linger=0.0))
    old = sim.connect()
    sim.frame(old, chat_frame(item(1)))
    sim.advance(5.0)
    sim.grant()
    new = sim.open_and_ack()
    assert CloseSocket(old) in sim.actions  # no linger at all: only the gap fill can help
    fill = sim.last(FetchTranscript)
    assert fill.start_id == "id-1"
    sim.frame(new, chat_frame(item(4)))
    sim.advance(1.0)
    assert [e.item["Id"] for e in sim.items()] == ["id-1"]  # held while the fill runs
    sim.proto.transcript_received(sim.now, fill.request_id, [item(1), item(2), item(3), item(4)], None)
    sim.collect()
    sim.advance(1.0)
    assert [e.item["Id"] for e in sim.items()] == ["id-1", "id-2", "id-3", "id-4"]


def test_a_failed_rotation_keeps_the_old_socket_and_tries_again() -> None:
    sim = Sim(ChatConfig(anchor_slack=0.0, rotate_after=5.0))
    old = sim.connect()
    sim.advance(5.0)
    sim.grant()
    candidate = sim.last(OpenSocket).socket_id
    sim.proto.socket_failed(sim.now, candidate)
    sim.collect()
    assert sim.proto.state is State.CONNECTED
    sim.frame(old, HEARTBEAT_ANSWER)
    sim.advance(3.0)
    requests = [a for a in sim.actions if isinstance(a, RequestConnection)]
    assert len(requests) == 3


def test_repeated_rotation_failures_back_off_and_a_successful_rotation_resets_the_backoff() -> None:
    sim = Sim(ChatConfig(anchor_slack=0.0, rotate_after=5.0, rotation_linger=0.0), random_value=1.0)
    live = sim.connect()

    def fail_rotation() -> float:
        """Fail the rotation asked for last; the wait until the next one is asked for."""
        sim.grant()
        sim.proto.socket_failed(sim.now, sim.last(OpenSocket).socket_id)
        sim.collect()
        failed_at, after = sim.now, sim.last(RequestConnection).request_id
        for _ in range(1000):
            if any(isinstance(a, RequestConnection) and a.request_id > after for a in sim.actions):
                return round(sim.now - failed_at, 6)
            sim.frame(live, HEARTBEAT_ANSWER)  # the old socket keeps working all along
            deadline = sim.proto.next_deadline()
            assert deadline is not None
            sim.advance(max(0.0, deadline - sim.now))
        raise AssertionError("the rotation was never tried again")

    sim.advance(5.0)
    waits = [fail_rotation() for _ in range(7)]
    assert waits == [2.0, 4.0, 8.0, 16.0, 30.0, 30.0, 30.0]  # was about 1.9 s, forever
    assert sim.proto.state is State.CONNECTED
    sim.grant()
    live = sim.open_and_ack()  # this rotation works
    sim.frame(live, HEARTBEAT_ANSWER)
    sim.advance(5.0)
    assert fail_rotation() == 2.0


def test_the_old_socket_dying_during_rotation_hands_over_to_the_new_one() -> None:
    sim = Sim(ChatConfig(anchor_slack=0.0, rotate_after=5.0))
    old = sim.connect()
    sim.frame(old, chat_frame(item(1)))
    sim.advance(5.0)
    sim.grant()
    new = sim.last(OpenSocket).socket_id
    sim.proto.socket_closed(sim.now, old, 1006)
    sim.collect()
    assert sim.connection_events() == ["connection_lost"]
    assert sum(isinstance(a, RequestConnection) for a in sim.actions) == 2
    sim.open_and_ack(new)
    fetch = sim.last(FetchTranscript)
    assert fetch.start_id == "id-1"
    assert sim.connection_events() == ["connection_lost", "connection_regained"]


def test_the_connection_token_is_refreshed_before_its_expiry() -> None:
    sim = Sim()
    sim.proto.start(0.0)
    sim.collect()
    sim.grant(token_life=200.0)
    socket_id = sim.open_and_ack()
    sim.proto.transcript_received(sim.now, sim.last(FetchTranscript).request_id, [], None)
    for _ in range(13):
        sim.frame(socket_id, HEARTBEAT_ANSWER)
        sim.advance(10.0)
    assert sum(isinstance(a, RequestConnection) for a in sim.actions) == 1
    sim.frame(socket_id, HEARTBEAT_ANSWER)
    sim.advance(10.0)
    request = sim.last(RequestConnection)
    assert request.types == ("CONNECTION_CREDENTIALS",)
    sim.grant(request, token="conn-token-2", token_life=200.0)
    assert sim.proto.connection_token == "conn-token-2"
    assert sim.proto.state is State.CONNECTED
    assert sum(isinstance(a, OpenSocket) for a in sim.actions) == 1


def test_a_socket_needed_during_a_refresh_is_fetched_right_after() -> None:
    sim = Sim()
    sim.proto.start(0.0)
    sim.collect()
    sim.grant(token_life=2.0)
    socket_id = sim.open_and_ack()
    sim.advance(1.0)
    refresh = sim.last(RequestConnection)
    assert refresh.types == ("CONNECTION_CREDENTIALS",)
    sim.proto.socket_closed(sim.now, socket_id, 1006)
    sim.collect()
    sim.grant(refresh)
    follow = sim.last(RequestConnection)
    assert follow.request_id != refresh.request_id
    assert follow.types == ("WEBSOCKET", "CONNECTION_CREDENTIALS")


def refresh_times(token_life: float, seconds: float) -> list[float]:
    """When a connected session asks for new credentials, each granted at once with `token_life`."""
    sim = Sim()  # token_refresh_margin=60
    sim.proto.start(0.0)
    sim.collect()
    sim.grant(token_life=token_life)
    socket_id = sim.open_and_ack()
    sim.proto.transcript_received(sim.now, sim.last(FetchTranscript).request_id, [], None)
    sim.collect()
    times: list[float] = []
    for _ in range(1000):
        deadline = sim.proto.next_deadline()
        if deadline is None or deadline > seconds:
            break
        sim.frame(socket_id, HEARTBEAT_ANSWER)
        for action in sim.advance(max(0.0, deadline - sim.now)):
            if isinstance(action, RequestConnection):
                assert action.types == ("CONNECTION_CREDENTIALS",)
                times.append(round(sim.now, 6))
                sim.grant(action, token_life=token_life)
    assert sim.proto.state is State.CONNECTED
    return times


def test_a_token_shorter_lived_than_the_margin_is_refreshed_halfway_not_in_a_loop() -> None:
    assert refresh_times(30.0, 100.0) == [15.0, 30.0, 45.0, 60.0, 75.0, 90.0]


def test_a_token_granted_already_spent_is_asked_again_only_with_backoff() -> None:
    times = refresh_times(-5.0, 200.0)
    waits = [round(b - a, 6) for a, b in zip([0.0, *times[:-1]], times, strict=True)]
    assert waits == [1.0, 2.0, 4.0, 8.0, 16.0, 30.0, 30.0, 30.0, 30.0, 30.0]


# --- gap filling, dedup, updates and order -------------------------------------------------------


def test_the_first_connection_delivers_the_history() -> None:
    sim = Sim()
    sim.connect(history=[item(1), item(2)])
    fetch = sim.last(FetchTranscript)
    assert fetch.start_id is None
    assert fetch.max_results == 100
    sim.advance(1.0)
    assert [e.item["Id"] for e in sim.items()] == ["id-1", "id-2"]


def test_a_read_without_a_known_item_pages_backward_from_the_newest_never_forward() -> None:
    sim = Sim()
    sim.connect()
    first = sim.last(FetchTranscript)
    assert first.start_id is None
    arguments = first.arguments("conn-token-1")
    assert arguments["ScanDirection"] == "BACKWARD" and "StartPosition" not in arguments
    assert arguments["SortOrder"] == "ASCENDING"


def test_a_fill_from_a_known_item_pages_forward_from_it_keeping_start_and_direction() -> None:
    sim = Sim(ChatConfig(anchor_slack=0.0))
    socket_id = sim.connect()
    sim.frame(socket_id, chat_frame(item(1)))
    sim.advance(1.0)
    sim.proto.socket_closed(sim.now, socket_id, 1006)
    sim.collect()
    sim.grant()
    sim.open_and_ack()
    fill = sim.last(FetchTranscript)
    assert fill.arguments("t") == {
        "ScanDirection": "FORWARD",
        "SortOrder": "ASCENDING",
        "MaxResults": 100,
        "ConnectionToken": "t",
        "StartPosition": {"Id": "id-1"},
    }
    sim.proto.transcript_received(sim.now, fill.request_id, [item(1), item(2)], "page-2")
    sim.collect()
    second = sim.last(FetchTranscript).arguments("t")
    assert (second["ScanDirection"], second["StartPosition"], second["NextToken"]) == (
        "FORWARD",
        {"Id": "id-1"},
        "page-2",
    )
    # An anchor the service does not know: the whole transcript, backward from the newest.
    sim.proto.transcript_failed(sim.now, sim.last(FetchTranscript).request_id, Failure.FATAL, "unknown")
    sim.advance(0.01)
    whole = sim.last(FetchTranscript).arguments("t")
    assert whole["ScanDirection"] == "BACKWARD" and "StartPosition" not in whole and "NextToken" not in whole


def test_a_backward_read_delivers_its_pages_oldest_first() -> None:
    sim = Sim()
    sim.proto.start(sim.now)
    sim.collect()
    sim.grant()
    sim.open_and_ack()
    read = sim.last(FetchTranscript)
    sim.proto.transcript_received(sim.now, read.request_id, [item(3), item(4)], "older")
    sim.collect()
    older = sim.last(FetchTranscript)
    assert older.arguments("t")["ScanDirection"] == "BACKWARD"
    sim.proto.transcript_received(sim.now, older.request_id, [item(1), item(2)], None)
    sim.advance(1.0)
    assert [e.item["Id"] for e in sim.items()] == ["id-1", "id-2", "id-3", "id-4"]


def test_a_backward_read_keeps_the_transcript_order_of_items_of_the_same_millisecond() -> None:
    sim = Sim()
    sim.proto.start(sim.now)
    sim.collect()
    sim.grant()
    sim.open_and_ack()
    same = [{**item(n), "AbsoluteTime": format_instant(BASE_TIME)} for n in range(1, 5)]
    read = sim.last(FetchTranscript)
    sim.proto.transcript_received(sim.now, read.request_id, same[2:], "older")
    sim.collect()
    sim.proto.transcript_received(sim.now, sim.last(FetchTranscript).request_id, same[:2], None)
    sim.advance(1.0)
    assert [e.item["Id"] for e in sim.items()] == ["id-1", "id-2", "id-3", "id-4"]


def test_no_history_when_not_wanted_and_live_items_are_not_held_for_the_history_read() -> None:
    sim = Sim(ChatConfig(anchor_slack=0.0, deliver_history=False))
    sim.proto.start(sim.now)
    sim.collect()
    sim.grant()
    socket_id = sim.open_and_ack()
    read = sim.last(FetchTranscript)  # the history is read once, to be noted, not delivered
    assert read.start_id is None
    sim.frame(socket_id, chat_frame(item(3)))
    sim.advance(0.5)
    assert [e.item["Id"] for e in sim.items()] == ["id-3"]  # not held back by the read
    sim.proto.transcript_received(sim.now, read.request_id, [item(1), item(2), item(3)], None)
    sim.advance(1.0)
    assert [e.item["Id"] for e in sim.items()] == ["id-3"]
    assert sim.proto.stats["fills"] == 0


@pytest.mark.parametrize("how", ["rotation", "reconnect"])
def test_without_history_later_fills_never_deliver_it_and_start_from_its_newest_item(how: str) -> None:
    config = ChatConfig(anchor_slack=0.0, deliver_history=False, rotate_after=60.0)
    sim = Sim(config)
    sim.proto.start(sim.now)
    sim.collect()
    sim.grant()
    socket_id = sim.open_and_ack()
    read = sim.last(FetchTranscript)
    sim.proto.transcript_received(sim.now, read.request_id, [item(1), item(2)], None)
    sim.collect()
    if how == "rotation":
        sim.advance(60.0)
        sim.grant()
        sim.open_and_ack()
    else:
        sim.proto.socket_closed(sim.now, socket_id, 1006)
        sim.collect()
        sim.grant()
        sim.open_and_ack()
    fill = sim.last(FetchTranscript)
    assert fill.request_id != read.request_id
    assert fill.start_id == "id-2"  # the newest history item: nothing before it is read again
    # Even a fill from the beginning (an anchor the service does not know) skips the history.
    sim.proto.transcript_failed(sim.now, fill.request_id, Failure.FATAL, "unknown anchor")
    sim.advance(0.01)
    whole = sim.last(FetchTranscript)
    assert whole.start_id is None
    sim.proto.transcript_received(sim.now, whole.request_id, [item(1), item(2), item(4)], None)
    sim.advance(CONFIG.fill_hold_max + 1.0)
    assert [e.item["Id"] for e in sim.items()] == ["id-4"]


def test_after_a_reconnect_the_gap_is_filled_forward_from_the_last_id_page_by_page() -> None:
    sim = Sim()
    socket_id = sim.connect()
    sim.frame(socket_id, chat_frame(item(1)))
    sim.frame(
        socket_id,
        chat_frame(
            {**item(2), "ContentType": "application/vnd.amazonaws.connect.event.typing", "Type": "EVENT"}
        ),
    )
    sim.advance(1.0)
    sim.proto.socket_closed(sim.now, socket_id, 1006)
    sim.collect()
    sim.grant()
    new = sim.open_and_ack()
    fetch = sim.last(FetchTranscript)
    assert fetch.start_id == "id-1"  # typing events are not in transcripts: never an anchor
    assert fetch.next_token is None
    sim.frame(new, chat_frame(item(6)))  # live, newer than the gap: held until the gap is filled
    sim.advance(1.0)
    assert [e.item["Id"] for e in sim.items()] == ["id-1", "id-2"]
    sim.proto.transcript_received(sim.now, fetch.request_id, [item(1), item(3), item(4)], "page-2")
    sim.collect()
    second = sim.last(FetchTranscript)
    assert (second.start_id, second.next_token) == ("id-1", "page-2")
    sim.proto.transcript_received(sim.now, second.request_id, [item(5), item(6)], None)
    sim.collect()
    sim.advance(1.0)
    assert [e.item["Id"] for e in sim.items()] == [f"id-{n}" for n in range(1, 7)]
    assert not any(e.update for e in sim.items())
    assert sim.proto.stats["duplicates"] == 2


def test_a_fill_that_never_answers_releases_held_items_in_time() -> None:
    sim = Sim()
    socket_id = sim.connect()
    sim.proto.socket_closed(sim.now, socket_id, 1006)
    sim.collect()
    sim.grant()
    new = sim.open_and_ack()
    sim.frame(new, chat_frame(item(3)))
    sim.advance(CONFIG.fill_hold_max + 0.5)
    assert [e.item["Id"] for e in sim.items()] == ["id-3"]


def test_a_failed_fill_is_retried_and_an_unknown_anchor_falls_back_to_the_whole_transcript() -> None:
    sim = Sim()
    socket_id = sim.connect()
    sim.frame(socket_id, chat_frame(item(1)))
    sim.advance(1.0)
    sim.proto.socket_closed(sim.now, socket_id, 1006)
    sim.collect()
    sim.grant()
    sim.open_and_ack()
    fetch = sim.last(FetchTranscript)
    sim.proto.transcript_failed(sim.now, fetch.request_id, Failure.RETRYABLE)
    sim.collect()
    sim.advance(2.0)
    retry = sim.last(FetchTranscript)
    assert retry.request_id != fetch.request_id and retry.start_id == "id-1"
    sim.proto.transcript_failed(sim.now, retry.request_id, Failure.FATAL)
    sim.collect()
    sim.advance(0.01)
    whole = sim.last(FetchTranscript)
    assert whole.start_id is None
    sim.proto.transcript_received(sim.now, whole.request_id, [item(1), item(2)], None)
    sim.advance(1.0)
    assert [e.item["Id"] for e in sim.items()] == ["id-1", "id-2"]


def test_a_denied_fill_refreshes_the_token_and_tries_again() -> None:
    sim = Sim()
    socket_id = sim.connect()
    sim.proto.socket_closed(sim.now, socket_id, 1006)
    sim.collect()
    sim.grant()
    sim.open_and_ack()
    fetch = sim.last(FetchTranscript)
    sim.proto.transcript_failed(sim.now, fetch.request_id, Failure.DENIED)
    sim.collect()
    refresh = sim.last(RequestConnection)
    assert refresh.types == ("CONNECTION_CREDENTIALS",)
    sim.grant(refresh, token="conn-token-2")
    sim.advance(0.01)
    assert sim.last(FetchTranscript).request_id != fetch.request_id


def test_duplicates_are_dropped_and_a_known_id_with_new_content_is_an_update() -> None:
    sim = Sim()
    socket_id = sim.connect()
    sim.frame(socket_id, chat_frame(item(1, content="Hel")))
    sim.advance(1.0)
    sim.frame(socket_id, chat_frame(item(1, content="Hel")))
    sim.frame(socket_id, chat_frame(item(1, content="Hello")))
    sim.advance(1.0)
    sim.frame(socket_id, chat_frame(item(1, content="Hello")))
    sim.advance(1.0)
    delivered = sim.items()
    assert [(e.item["Content"], e.update) for e in delivered] == [("Hel", False), ("Hello", True)]


def test_streamed_chunks_inside_the_window_collapse_to_the_newest() -> None:
    sim = Sim()
    socket_id = sim.connect()
    sim.frame(socket_id, chat_frame(item(1, content="Hel")))
    sim.frame(socket_id, chat_frame(item(1, content="Hello")))
    sim.advance(1.0)
    assert [(e.item["Content"], e.update) for e in sim.items()] == [("Hello", False)]


def test_out_of_order_items_are_delivered_by_absolute_time() -> None:
    sim = Sim()
    socket_id = sim.connect()
    for n in (3, 1, 2):
        sim.frame(socket_id, chat_frame(item(n)))
    sim.advance(1.0)
    assert [e.item["Id"] for e in sim.items()] == ["id-1", "id-2", "id-3"]


def test_items_are_classified_for_handlers() -> None:
    assert classify(item(1)) == "message"
    assert classify({"Type": "ATTACHMENT", "ContentType": "image/png"}) == "attachment"
    assert (
        classify({"Type": "EVENT", "ContentType": "application/vnd.amazonaws.connect.event.typing"})
        == "typing"
    )
    assert (
        classify(
            {
                "Type": "PARTICIPANT_JOINED",
                "ContentType": "application/vnd.amazonaws.connect.event.participant.joined",
            }
        )
        == "joined"
    )
    assert (
        classify({"Type": "EVENT", "ContentType": "application/vnd.amazonaws.connect.event.participant.left"})
        == "left"
    )
    assert classify(ended_item(1)) == "chat_ended"
    assert (
        classify(
            {
                "Type": "MESSAGEMETADATA",
                "ContentType": "application/vnd.amazonaws.connect.event.message.metadata",
            }
        )
        == "metadata"
    )
    assert (
        classify({"Type": "EVENT", "ContentType": "application/vnd.amazonaws.connect.event.new.thing"})
        == "event"
    )


# --- the end ------------------------------------------------------------------------------------


def test_a_chat_ended_item_ends_the_session_after_delivering_what_came_before() -> None:
    sim = Sim()
    socket_id = sim.connect()
    sim.frame(socket_id, chat_frame(item(1)))
    sim.frame(socket_id, chat_frame(ended_item(2)))
    assert sim.proto.state is State.ENDED
    assert [e.kind for e in sim.items()] == ["message", "chat_ended"]
    assert CloseSocket(socket_id) in sim.actions
    assert sim.proto.next_deadline() is None


def test_a_403_after_a_drop_fills_the_gap_then_ends_the_chat() -> None:
    sim = Sim()
    socket_id = sim.connect()
    sim.frame(socket_id, chat_frame(item(1)))
    sim.advance(1.0)
    sim.proto.socket_closed(sim.now, socket_id, 1006)
    sim.collect()
    request = sim.last(RequestConnection)
    sim.proto.connection_failed(sim.now, request.request_id, Failure.DENIED)
    sim.collect()
    fetch = sim.last(FetchTranscript)
    assert fetch.start_id == "id-1"
    sim.proto.transcript_received(sim.now, fetch.request_id, [item(1), item(2), ended_item(3)], None)
    sim.collect()
    assert sim.proto.state is State.ENDED
    assert [(e.item["Id"], e.synthetic) for e in sim.items()] == [
        ("id-1", False),
        ("id-2", False),
        ("id-3", False),
    ]


def test_a_403_after_a_drop_with_no_transcript_gives_a_synthetic_chat_ended() -> None:
    sim = Sim()
    socket_id = sim.connect()
    sim.proto.socket_closed(sim.now, socket_id, 1006)
    sim.collect()
    sim.proto.connection_failed(sim.now, sim.last(RequestConnection).request_id, Failure.DENIED)
    sim.collect()
    sim.proto.transcript_failed(sim.now, sim.last(FetchTranscript).request_id, Failure.DENIED)
    sim.collect()
    assert sim.proto.state is State.ENDED
    (ended,) = sim.items()
    assert ended.kind == "chat_ended" and ended.synthetic
    assert sim.connection_events() == ["connection_lost"]


def test_close_closes_every_socket_and_flushes() -> None:
    sim = Sim()
    socket_id = sim.connect()
    sim.frame(socket_id, chat_frame(item(1)))
    sim.proto.close(sim.now)
    sim.collect()
    assert sim.proto.state is State.CLOSED
    assert CloseSocket(socket_id) in sim.actions
    assert [e.item["Id"] for e in sim.items()] == ["id-1"]
    assert sim.connection_events() == ["closed"]
    sim.proto.frame_received(sim.now, socket_id, chat_frame(item(2)))
    sim.proto.tick(sim.now + 100)
    assert sim.collect() == []


# --- values ---------------------------------------------------------------------------------------


def test_tokens_never_show_in_reprs() -> None:
    grant = Grant("wss://h/?AuthToken=secret-auth", 100.0, "secret-conn", 10.0)
    assert "secret" not in repr(grant)
    assert "secret" not in repr(OpenSocket(1, "wss://h/?AuthToken=secret-auth"))
    assert "secret" not in repr(FetchTranscript(1, "id", "secret-next", 100))


def test_grant_reads_a_create_participant_connection_result() -> None:
    response = {
        "Websocket": {"Url": "wss://h/?AuthToken=a", "ConnectionExpiry": format_instant(BASE_TIME + 100)},
        "ConnectionCredentials": {"ConnectionToken": "ct", "Expiry": format_instant(BASE_TIME + 86400)},
    }
    grant = Grant.from_response(response, BASE_TIME)
    assert grant.url == "wss://h/?AuthToken=a"
    assert grant.url_expires_in == pytest.approx(100.0)
    assert grant.token_expires_in == pytest.approx(86400.0)
    empty = Grant.from_response(
        {"Websocket": {}, "ConnectionCredentials": {"ConnectionToken": "ct"}}, BASE_TIME
    )
    assert empty.url is None and empty.token_expires_in is None


def _response(url_life: float = 100.0, token_life: float = 86400.0) -> dict[str, Any]:
    return {
        "Websocket": {
            "Url": "wss://h/?AuthToken=a",
            "ConnectionExpiry": format_instant(BASE_TIME + url_life),
        },
        "ConnectionCredentials": {"ConnectionToken": "ct", "Expiry": format_instant(BASE_TIME + token_life)},
    }


@pytest.mark.parametrize("ahead", [120.0, 3600.0, -300.0])
def test_a_wrong_local_clock_does_not_make_a_fresh_grant_look_expired(ahead: float) -> None:
    grant = Grant.from_response(_response(), BASE_TIME + ahead, request_seconds=0.01)
    assert grant.url_expires_in == pytest.approx(100.0)
    assert grant.token_expires_in == pytest.approx(86400.0)
    assert grant.clock_ahead == pytest.approx(ahead)
    # A later answer with credentials only is read with what the URL taught about the clock.
    later = {"ConnectionCredentials": _response()["ConnectionCredentials"]}
    refreshed = Grant.from_response(later, BASE_TIME + ahead, clock_ahead=grant.clock_ahead)
    assert refreshed.token_expires_in == pytest.approx(86400.0)


def test_a_url_that_arrived_late_still_counts_as_expired() -> None:
    # Issued with a 2 s life, the answer took 2.5 s: the clock is right, the URL is spent.
    grant = Grant.from_response(_response(url_life=2.0), BASE_TIME + 2.5, request_seconds=2.5)
    assert grant.url_expires_in == pytest.approx(-0.5)
    assert grant.clock_ahead == 0.0


def test_a_url_that_looks_expired_is_refused_once_then_tried() -> None:
    sim = Sim()
    sim.proto.start(0.0)
    sim.collect()
    sim.grant(url_life=-0.05)  # a clock about one URL life fast: within what a late answer explains
    assert not any(isinstance(a, OpenSocket) for a in sim.actions)
    request = next_request(sim, after=sim.last(RequestConnection).request_id)
    sim.grant(request, url_life=-0.05)
    sim.open_and_ack()
    assert sim.proto.state is State.CONNECTED


def test_instants_round_trip_and_bad_ones_are_none() -> None:
    assert parse_instant("2019-11-25T21:56:46.045Z") == pytest.approx(1574718206.045)
    assert format_instant(parse_instant("2019-11-25T21:56:46.045Z") or 0) == "2019-11-25T21:56:46.045Z"
    assert parse_instant("yesterday") is None
    assert parse_instant(None) is None


def test_config_rejects_nonsense_naming_the_field() -> None:
    # The client's own error for bad arguments (paws' http_400 in R): the field, what it is, the rule.
    with pytest.raises(ParamValidationError, match=r"heartbeat_interval: is 0 \(must be a number > 0\)"):
        ChatConfig(heartbeat_interval=0)
    with pytest.raises(ParamValidationError, match=r"reorder_window: is -1 \(must be a number >= 0\)"):
        ChatConfig(reorder_window=-1)
    with pytest.raises(
        ParamValidationError, match=r"heartbeat_interval: is a string \(must be a number > 0\)"
    ):
        ChatConfig(heartbeat_interval="10")  # type: ignore[arg-type]
    with pytest.raises(ParamValidationError, match=r"queue_max: is 2.5 \(must be a whole number > 0\)"):
        ChatConfig(queue_max=2.5)  # type: ignore[arg-type]
    with pytest.raises(ParamValidationError, match=r"open_timeout: is a bool"):
        ChatConfig(open_timeout=True)
    with pytest.raises(
        ParamValidationError, match=r"give_up_after: is nan \(must be a number > 0, or None\)"
    ):
        ChatConfig(give_up_after=float("nan"))
    assert ChatConfig(give_up_after=None, queue_max=20.0).queue_max == 20.0  # R's numbers are doubles
    with pytest.raises(ParamValidationError) as raised:
        ChatConfig(subscribe_max_sends=0)
    assert raised.value.status_code == 400 and raised.value.problems[0].path == "subscribe_max_sends"
    # A misspelt keyword is Python's own signature error, as for the client's operations.
    with pytest.raises(TypeError, match="hearbeat"):
        ChatConfig(hearbeat_interval=1.0)  # type: ignore[call-arg]


def test_config_is_an_immutable_attrs_value_copied_with_evolve() -> None:
    config = ChatConfig.fast()
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        config.heartbeat_interval = 1.0  # type: ignore[misc]
    changed = attrs.evolve(config, reorder_window=0.5)
    assert changed.reorder_window == 0.5 and changed.heartbeat_interval == config.heartbeat_interval
    assert changed != config and attrs.evolve(changed, reorder_window=config.reorder_window) == config
    with pytest.raises(ParamValidationError, match="reorder_window"):
        attrs.evolve(config, reorder_window=-1.0)


def test_typing_is_throttled() -> None:
    throttle = TypingThrottle(10.0)
    assert [throttle.allow(t) for t in (0.0, 5.0, 9.99, 10.0, 12.0)] == [True, False, False, True, False]


# --- the property: exactly once, whatever the interleaving ---------------------------------------


def test_the_fill_starts_far_enough_back_for_items_the_service_reordered() -> None:
    sim = Sim(ChatConfig(anchor_slack=5.0))
    socket_id = sim.connect()
    for n in (1, 3, 8, 10):
        sim.frame(socket_id, chat_frame(item(n)))
    sim.advance(1.0)
    sim.proto.socket_closed(sim.now, socket_id, 1006)
    sim.collect()
    sim.grant()
    sim.open_and_ack()
    assert sim.last(FetchTranscript).start_id == "id-3"  # newest item at least 5 s before id-10


@settings(max_examples=200, deadline=None)
@given(
    count=st.integers(min_value=1, max_value=30),
    plan=st.lists(
        st.sampled_from(["send", "send_swapped", "swap_then_drop", "stream", "drop", "reconnect", "wait"]),
        max_size=80,
    ),
)
def test_every_item_is_delivered_exactly_once_whatever_happens(count: int, plan: list[str]) -> None:
    """The service emits items (some swapped, some streamed in two chunks) while the socket drops
    and comes back with gap fills: every Id ends up delivered, once, with its final content."""
    sim = Sim(ChatConfig(reorder_window=0.1, fill_hold_max=5.0, anchor_slack=2.0))
    transcript: list[dict[str, Any]] = []  # what the service holds, in AbsoluteTime order
    socket_id: int | None = sim.connect()
    answered: set[int] = set()
    granted = {sim.last(RequestConnection).request_id}

    def reconnect() -> int:
        """Grant the next CreateParticipantConnection (after its backoff, when there is one) and
        subscribe the socket it opens."""
        for _ in range(100):
            requests = [
                a for a in sim.actions if isinstance(a, RequestConnection) and a.request_id not in granted
            ]
            if requests:
                break
            deadline = sim.proto.next_deadline()
            assert deadline is not None
            sim.advance(max(0.0, deadline - sim.now))
        else:
            raise AssertionError("no CreateParticipantConnection came")
        granted.add(requests[-1].request_id)
        sim.grant(requests[-1])
        return sim.open_and_ack()

    def serve_fills() -> None:
        """Answer every FetchTranscript not answered yet, from the service's transcript."""
        while True:
            sim.collect()
            fetches = [
                a for a in sim.actions if isinstance(a, FetchTranscript) and a.request_id not in answered
            ]
            if not fetches:
                return
            answered.update(a.request_id for a in fetches)
            fetch = fetches[-1]
            start = 0
            if fetch.start_id is not None:
                start = next(i for i, it in enumerate(transcript) if it["Id"] == fetch.start_id)
            if fetch.next_token is not None:
                start = int(fetch.next_token)
            page = transcript[start : start + 3]
            more = str(start + 3) if start + 3 < len(transcript) else None
            sim.proto.transcript_received(sim.now, fetch.request_id, page, more)

    def emit(*items: dict[str, Any]) -> None:
        for it in items:
            if socket_id is not None:
                sim.frame(socket_id, chat_frame(it))

    for step in plan:
        n = len(transcript)
        if step == "send" and n < count:
            transcript.append(item(n))
            emit(transcript[-1])
        elif step == "send_swapped" and n + 1 < count:
            transcript.extend([item(n), item(n + 1)])
            emit(transcript[-1], transcript[-2])
        elif step == "swap_then_drop" and n + 1 < count and socket_id is not None:
            # The newer item overtakes the older one, and the socket dies before the older arrives.
            transcript.extend([item(n), item(n + 1)])
            emit(transcript[-1])
            sim.proto.socket_closed(sim.now, socket_id, 1006)
            sim.collect()
            socket_id = None
        elif step == "stream" and n < count:
            first = item(n, content="chunk")
            transcript.append(item(n, content="chunk and the rest"))
            emit(first, transcript[-1])
        elif step == "drop" and socket_id is not None:
            sim.proto.socket_closed(sim.now, socket_id, 1006)
            sim.collect()
            socket_id = None
        elif step == "reconnect" and socket_id is None:
            socket_id = reconnect()
            serve_fills()
        elif step == "wait":
            if socket_id is not None:
                sim.proto.frame_received(sim.now, socket_id, HEARTBEAT_ANSWER)
            sim.advance(0.2)
            serve_fills()
    if socket_id is not None:
        sim.proto.socket_closed(sim.now, socket_id, 1006)
        sim.collect()
    socket_id = reconnect()
    serve_fills()
    sim.proto.frame_received(sim.now, socket_id, HEARTBEAT_ANSWER)
    sim.advance(0.5)
    final: dict[str, str] = {}
    for event in sim.items():
        assert event.update == (event.item["Id"] in final)  # a repeat is only ever an update
        assert event.item["Content"] != final.get(event.item["Id"])  # never the same content twice
        final[event.item["Id"]] = event.item["Content"]
    assert final == {it["Id"]: it["Content"] for it in transcript}


# --- one timer table ------------------------------------------------------------------------------


@settings(max_examples=30, deadline=None)
@given(drops=st.lists(st.floats(min_value=1.0, max_value=200.0), max_size=4))
def test_every_deadline_next_deadline_gives_is_consumed_by_tick(drops: list[float]) -> None:
    """tick() and next_deadline() read one table: a deadline that tick() would not act on (the
    two used to be separate copies) would come back at once, forever."""
    sim = Sim()
    sim.connect()
    end = sim.now + 300.0
    pending = sorted(sim.now + d for d in drops)
    steps = 0
    while sim.now < end and not sim.proto.state.terminal:
        steps += 1
        assert steps < 5000, "the clock did not advance"
        deadline = sim.proto.next_deadline()
        if pending and (deadline is None or pending[0] < deadline):
            sim.now = pending.pop(0)
            for socket_id in list(sim.proto._sockets):
                sim.proto.socket_closed(sim.now, socket_id, 1006)
            _serve(sim, sim.collect())  # the reconnect
            continue
        assert deadline is not None
        sim.now = max(sim.now, deadline)
        sim.proto.tick(sim.now)
        new = sim.collect()
        _serve(sim, new)
        after = sim.proto.next_deadline()
        assert after is None or after > deadline or new, "a due timer was left undone"


def _serve(sim: Sim, actions: list[Action]) -> None:
    """Answer as a healthy service does: connections granted, sockets acked, heartbeats answered."""
    queue = list(actions)
    while queue:
        action = queue.pop(0)
        if isinstance(action, RequestConnection):
            queue += sim.grant(action)
        elif isinstance(action, OpenSocket):
            sim.proto.socket_opened(sim.now, action.socket_id)
            sim.proto.frame_received(sim.now, action.socket_id, ACK)
            queue += sim.collect()
        elif isinstance(action, SendFrame) and action.text == HEARTBEAT_FRAME:
            sim.proto.frame_received(sim.now, action.socket_id, HEARTBEAT_ANSWER)
            queue += sim.collect()
        elif isinstance(action, FetchTranscript):
            sim.proto.transcript_received(sim.now, action.request_id, [], None)
            queue += sim.collect()

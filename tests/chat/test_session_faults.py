"""ChatSession against the real emulator and its faults: nothing lost, nothing twice."""

from __future__ import annotations

import asyncio
import logging
import re
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest

from paws_compat._timestamps import format_instant
from paws_compat.chat import ChatSession, ChatSessionError, State
from paws_compat.emulator import Emulator
from paws_compat.errors import ParamValidationError
from tests.core.conftest import CANARY


def collect(session: ChatSession, want: Callable[[list[Any]], bool], timeout: float = 20.0) -> list[Any]:
    """Poll until `want(items)` holds; every wait is bounded."""
    items: list[Any] = []
    deadline = time.monotonic() + timeout
    while not want(items):
        left = deadline - time.monotonic()
        if left <= 0:
            raise AssertionError(f"timed out; got {[(i.Id, i.Content) for i in items]}")
        items.extend(session.poll(timeout=min(left, 1.0)))
    return items


def poll_for(session: ChatSession, seconds: float) -> list[Any]:
    """Everything that arrives during `seconds` (the session works while the caller polls)."""
    items: list[Any] = []
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        items.extend(session.poll(timeout=left))
    return items


def messages(items: list[Any]) -> list[str]:
    return [item.Content for item in items if item.Type == "MESSAGE"]


def has_messages(*contents: str) -> Callable[[list[Any]], bool]:
    return lambda items: set(contents) <= set(messages(items))


@pytest.fixture
def emulator(paws_emulator_factory: Callable[..., Emulator]) -> Emulator:
    return paws_emulator_factory(connection_expiry_seconds=2)


def test_customer_and_agent_chat_with_paws_shaped_items_and_handlers(
    emulator: Emulator, open_session: Callable[..., ChatSession]
) -> None:
    pair = emulator.start_chat_with_agent()
    customer = open_session(emulator.endpoint, pair.customer.participant_token)
    agent = open_session(emulator.endpoint, pair.agent.participant_token)
    seen: list[tuple[str, str, bool]] = []
    customer.on("message", lambda item: seen.append(("message", item.Content, _on_main())))
    customer.on("joined", lambda item: seen.append(("joined", item.DisplayName, _on_main())))
    sent = agent.send_message("Hello, how can I help?")
    items = collect(customer, has_messages("Hello, how can I help?"))
    (message,) = [item for item in items if item.Type == "MESSAGE"]
    assert message.Id == sent.Id
    assert message.DisplayName == "Agent" and message.ParticipantRole == "AGENT"
    assert list(message.keys())[:5] == ["AbsoluteTime", "Content", "ContentType", "Id", "Type"]
    assert message.Attachments == []
    assert ("message", "Hello, how can I help?", True) in seen
    assert ("joined", "Agent", True) in seen
    customer.send_message("My order is late")
    assert has_messages("My order is late")(collect(agent, has_messages("My order is late")))


def _on_main() -> bool:
    return threading.current_thread() is threading.main_thread()


def test_forced_drops_and_expired_urls_lose_nothing(
    emulator: Emulator, open_session: Callable[..., ChatSession]
) -> None:
    pair = emulator.start_chat_with_agent()
    customer = open_session(emulator.endpoint, pair.customer.participant_token)
    agent = open_session(emulator.endpoint, pair.agent.participant_token)
    events: list[str] = []
    customer.on("connection_lost", lambda event: events.append(event.kind))
    customer.on("connection_regained", lambda event: events.append(event.kind))
    expected = []
    for round_ in range(4):
        emulator.drop_sockets(participant_id=pair.customer.participant_id)
        for n in range(5):
            text = f"round {round_} message {n}"
            agent.send_message(text)
            expected.append(text)
        time.sleep(0.3)
    time.sleep(2.5)  # every URL handed out so far has expired: the next reconnect needs a new one
    emulator.drop_sockets(participant_id=pair.customer.participant_id)
    agent.send_message("after expiry")
    expected.append("after expiry")
    items = collect(customer, has_messages(*expected))
    assert messages(items) == expected  # in order, once each
    assert "connection_lost" in events and events[-1] == "connection_regained"
    assert customer.state is State.CONNECTED


def test_silent_heartbeats_are_a_dead_socket(
    emulator: Emulator, open_session: Callable[..., ChatSession]
) -> None:
    pair = emulator.start_chat_with_agent()
    customer = open_session(emulator.endpoint, pair.customer.participant_token)
    agent = open_session(emulator.endpoint, pair.agent.participant_token)
    lost: list[str] = []
    customer.on("connection_lost", lambda event: lost.append(event.reason))
    before = customer.stats["reconnects"]
    emulator.faults.silence_heartbeats()  # every socket of the emulator, until cleared
    collect(customer, lambda _items: bool(lost), timeout=10)
    emulator.faults.clear()
    agent.send_message("still there?")
    collect(customer, has_messages("still there?"))
    assert "heartbeat" in lost[0]
    assert customer.stats["reconnects"] > before


def test_ping_500_reconnects(emulator: Emulator, open_session: Callable[..., ChatSession]) -> None:
    pair = emulator.start_chat_with_agent()
    customer = open_session(emulator.endpoint, pair.customer.participant_token)
    agent = open_session(emulator.endpoint, pair.agent.participant_token)
    lost: list[str] = []
    customer.on("connection_lost", lambda event: lost.append(event.reason))
    emulator.faults.ping_500()
    collect(customer, lambda _items: bool(lost), timeout=10)
    emulator.faults.clear()
    agent.send_message("after ping 500")
    collect(customer, has_messages("after ping 500"))
    assert "500" in lost[0]


def test_subscribe_failures_and_refused_handshakes_are_retried(
    emulator: Emulator, open_session: Callable[..., ChatSession]
) -> None:
    pair = emulator.start_chat_with_agent()
    emulator.faults.fail_subscribe(count=2)
    emulator.faults.refuse_handshake(count=2)
    customer = open_session(emulator.endpoint, pair.customer.participant_token)
    agent = open_session(emulator.endpoint, pair.agent.participant_token)
    agent.send_message("subscribed at last")
    collect(customer, has_messages("subscribed at last"))


def test_a_failed_create_participant_connection_is_retried(
    emulator: Emulator, open_session: Callable[..., ChatSession]
) -> None:
    pair = emulator.start_chat_with_agent()
    emulator.faults.add("CreateParticipantConnection", status=429, count=2)
    emulator.faults.add("CreateParticipantConnection", status=503, count=1, non_json=True)
    customer = open_session(emulator.endpoint, pair.customer.participant_token)
    assert customer.state is State.CONNECTED


def test_the_connection_token_is_refreshed_before_it_expires(
    paws_emulator_factory: Callable[..., Emulator], open_session: Callable[..., ChatSession]
) -> None:
    emulator = paws_emulator_factory(connection_token_seconds=2.0)
    pair = emulator.start_chat_with_agent()
    customer = open_session(emulator.endpoint, pair.customer.participant_token, token_refresh_margin=1.0)
    agent = open_session(emulator.endpoint, pair.agent.participant_token, token_refresh_margin=1.0)
    items: list[Any] = []
    for n in range(4):
        items += poll_for(customer, 1.5)
        agent.send_message(f"still valid {n}")
    items += collect(
        customer, lambda more: has_messages(*(f"still valid {n}" for n in range(4)))(items + more)
    )
    assert messages(items) == [f"still valid {n}" for n in range(4)]
    assert customer.stats["connection_requests"] >= 3


def test_rotation_before_the_socket_life_runs_out_is_seamless(
    paws_emulator_factory: Callable[..., Emulator], open_session: Callable[..., ChatSession]
) -> None:
    emulator = paws_emulator_factory(max_socket_life_seconds=3.0)
    pair = emulator.start_chat_with_agent()
    customer = open_session(emulator.endpoint, pair.customer.participant_token, rotate_after=1.0)
    agent = open_session(emulator.endpoint, pair.agent.participant_token)
    events: list[str] = []
    customer.on("connection_lost", lambda event: events.append(event.kind))
    expected = [f"m{n}" for n in range(12)]
    items: list[Any] = []
    for text in expected:
        agent.send_message(text)
        items += poll_for(customer, 0.4)
    items += collect(customer, lambda more: has_messages(*expected)(items + more))
    assert messages(items) == expected
    assert customer.stats["rotations"] >= 3
    assert events == []


def test_a_gap_the_socket_never_delivered_is_filled_after_a_reconnect(
    emulator: Emulator, open_session: Callable[..., ChatSession]
) -> None:
    pair = emulator.start_chat_with_agent()
    customer = open_session(emulator.endpoint, pair.customer.participant_token)
    agent = open_session(emulator.endpoint, pair.agent.participant_token)
    agent.send_message("before")
    collect(customer, has_messages("before"))
    for n in range(150):  # more than one GetTranscript page
        emulator.inject_item(
            pair.contact_id,
            {
                "Type": "MESSAGE",
                "ContentType": "text/plain",
                "Content": f"missed {n}",
                "ParticipantRole": "AGENT",
                "DisplayName": "Agent",
            },
            deliver=False,
        )
    emulator.drop_sockets(participant_id=pair.customer.participant_id)
    items = collect(customer, has_messages(*(f"missed {n}" for n in range(150))))
    assert messages(items) == [f"missed {n}" for n in range(150)]


def test_out_of_order_items_are_delivered_by_absolute_time(
    emulator: Emulator, open_session: Callable[..., ChatSession]
) -> None:
    pair = emulator.start_chat_with_agent()
    customer = open_session(emulator.endpoint, pair.customer.participant_token)
    base = time.time()
    for offset, text in ((0.3, "third"), (0.1, "first"), (0.2, "second")):
        emulator.inject_item(
            pair.contact_id,
            {
                "Type": "MESSAGE",
                "ContentType": "text/plain",
                "Content": text,
                "ParticipantRole": "AGENT",
                "AbsoluteTime": format_instant(base + offset),
            },
        )
    items = collect(customer, has_messages("first", "second", "third"))
    assert messages(items) == ["first", "second", "third"]


def test_streamed_items_update_the_known_id(
    emulator: Emulator, open_session: Callable[..., ChatSession]
) -> None:
    pair = emulator.start_chat_with_agent()
    customer = open_session(emulator.endpoint, pair.customer.participant_token)
    updates: list[str] = []
    customer.on("update", lambda item: updates.append(item.Content))
    chunk = {"Type": "MESSAGE", "ContentType": "text/plain", "ParticipantRole": "CUSTOM_BOT"}
    first = emulator.inject_item(pair.contact_id, {**chunk, "Content": "Let me"})
    collect(customer, has_messages("Let me"))
    emulator.inject_item(pair.contact_id, {**chunk, "Id": first["Id"], "Content": "Let me check that."})
    items = collect(customer, has_messages("Let me check that."))
    assert [item.Id for item in items if item.Type == "MESSAGE"] == [first["Id"]]
    assert updates == ["Let me check that."]
    emulator.drop_sockets(participant_id=pair.customer.participant_id)  # the gap fill sees it again
    agent = open_session(emulator.endpoint, pair.agent.participant_token)
    agent.send_message("done")
    assert messages(collect(customer, has_messages("done"))) == ["done"]


def test_the_chat_ending_while_offline_ends_the_session(
    emulator: Emulator, open_session: Callable[..., ChatSession]
) -> None:
    pair = emulator.start_chat_with_agent()
    customer = open_session(emulator.endpoint, pair.customer.participant_token)
    ended: list[Any] = []
    customer.on("chat_ended", ended.append)
    emulator.faults.add("CreateParticipantConnection", status=500, count=3)
    emulator.drop_sockets(participant_id=pair.customer.participant_id)
    emulator.stop_contact(pair.contact_id)
    collect(customer, lambda _items: bool(ended), timeout=20)
    assert customer.state is State.ENDED
    assert ended[0].ContentType == "application/vnd.amazonaws.connect.event.chat.ended"
    assert list(customer) == []  # iteration stops at the end


def test_the_chat_ended_item_ends_the_session(
    emulator: Emulator, open_session: Callable[..., ChatSession]
) -> None:
    pair = emulator.start_chat_with_agent()
    customer = open_session(emulator.endpoint, pair.customer.participant_token)
    agent = open_session(emulator.endpoint, pair.agent.participant_token)
    agent.send_message("bye")
    emulator.stop_contact(pair.contact_id)
    items = list(customer)  # ends by itself
    assert messages(items) == ["bye"]
    assert items[-1].ContentType.endswith("chat.ended")
    assert customer.ended


def test_a_frozen_process_recovers_and_misses_nothing(
    emulator: Emulator, open_session: Callable[..., ChatSession]
) -> None:
    """What R does to the session's thread under reticulate 1.28: nothing runs for a while."""
    pair = emulator.start_chat_with_agent()
    customer = open_session(emulator.endpoint, pair.customer.participant_token)
    agent = open_session(emulator.endpoint, pair.agent.participant_token)
    loop = customer._loop
    assert loop is not None
    loop.call_soon_threadsafe(time.sleep, 4.0)  # freeze: > heartbeat and URL lives of the FAST config
    agent.send_message("while frozen 1")
    emulator.drop_sockets(participant_id=pair.customer.participant_id)
    agent.send_message("while frozen 2")
    time.sleep(4.5)
    agent.send_message("after the freeze")
    items = collect(customer, has_messages("while frozen 1", "while frozen 2", "after the freeze"))
    assert messages(items) == ["while frozen 1", "while frozen 2", "after the freeze"]


def test_sending_typing_receipts_and_attachments(
    emulator: Emulator, open_session: Callable[..., ChatSession], tmp_path: Any
) -> None:
    pair = emulator.start_chat_with_agent()
    customer = open_session(emulator.endpoint, pair.customer.participant_token, typing_throttle=30.0)
    agent = open_session(emulator.endpoint, pair.agent.participant_token)
    assert customer.send_typing() is not None
    assert customer.send_typing() is None  # throttled
    typing = collect(agent, lambda items: any(item.ContentType.endswith(".typing") for item in items))
    assert typing
    sent = agent.send_message("please read me")
    customer.send_delivered_receipt(sent.Id)
    customer.send_read_receipt(sent.Id)
    path = tmp_path / "invoice.txt"
    path.write_bytes(b"total: 42")
    attachment_id = customer.send_attachment(path)
    items = collect(agent, lambda items: any(item.Type == "ATTACHMENT" for item in items))
    (attachment,) = [item for item in items if item.Type == "ATTACHMENT"]
    assert attachment.Attachments[0].AttachmentId == attachment_id
    assert attachment.Attachments[0].AttachmentName == "invoice.txt"
    whole = customer.transcript_all()
    assert [item.Id for item in whole if item.Id == sent.Id] == [sent.Id]
    page = customer.transcript(MaxResults=1, ScanDirection="BACKWARD", SortOrder="DESCENDING")
    assert len(page.Transcript) == 1


def test_a_bad_participant_token_fails_start_with_the_service_error(
    emulator: Emulator, client_for: Callable[[str], Any]
) -> None:
    session = ChatSession(client_for(emulator.endpoint), "not-a-valid-token")
    with pytest.raises(Exception) as raised:
        session.start(timeout=10)
    assert getattr(raised.value, "status_code", None) == 403
    assert session.ended


def test_sending_before_start_is_a_clear_error(emulator: Emulator, client_for: Callable[[str], Any]) -> None:
    session = ChatSession(client_for(emulator.endpoint), "token")
    with pytest.raises(ChatSessionError, match="start"):
        session.send_message("too early")
    with pytest.raises(ParamValidationError, match="kind: is 'mesage', not a chat event"):
        session.on("mesage", print)


def test_session_arguments_are_checked_as_the_client_checks_them(client_for: Callable[[str], Any]) -> None:
    client = client_for("http://127.0.0.1:9")
    secret = "secret-participant-token-value"
    cases: list[tuple[dict[str, Any], str]] = [
        ({"participant_token": ""}, r"participant_token: is an empty string \(give the ParticipantToken"),
        ({"participant_token": 42}, "participant_token: is a int"),
        ({"participant_token": secret, "connect_participant": "yes"}, "connect_participant: is a string"),
        ({"participant_token": secret, "config": {"open_timeout": 1}}, "config: is a dict"),
        ({"participant_token": secret, "open_timout": 1}, "open_timout: is not a setting of a chat session"),
        ({"participant_token": secret, "open_timeout": -1}, r"open_timeout: is -1 \(must be a number > 0\)"),
    ]
    for kwargs, message in cases:
        with pytest.raises(ParamValidationError, match=message) as raised:
            ChatSession(client, **kwargs)
        assert raised.value.status_code == 400
        assert secret not in str(raised.value) and secret not in repr(raised.value)
    session = ChatSession(client, secret)
    with pytest.raises(ParamValidationError, match="message_id: is an empty string"):
        session.send_read_receipt("")


def test_disconnect_leaves_the_chat(emulator: Emulator, open_session: Callable[..., ChatSession]) -> None:
    pair = emulator.start_chat_with_agent()
    customer = open_session(emulator.endpoint, pair.customer.participant_token)
    agent = open_session(emulator.endpoint, pair.agent.participant_token)
    left: list[Any] = []
    agent.on("left", left.append)
    customer.disconnect()
    assert customer.ended
    collect(agent, lambda _items: bool(left))
    assert left[0].ParticipantRole == "CUSTOMER"


def test_tokens_never_reach_logs_or_reprs(
    emulator: Emulator, open_session: Callable[..., ChatSession], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    pair = emulator.start_chat_with_agent()
    customer = open_session(emulator.endpoint, pair.customer.participant_token)
    emulator.faults.ping_500(count=1)
    emulator.drop_sockets(participant_id=pair.customer.participant_id)
    customer.poll(timeout=2.0)
    engine = customer._engine
    assert engine is not None
    secrets = [pair.customer.participant_token, engine.proto.connection_token or "?"]
    text = "\n".join(record.getMessage() for record in caplog.records) + repr(customer) + repr(engine)
    for secret in secrets:
        assert secret not in text
    assert "AuthToken=" in text  # the websocket library's request line was logged ...
    assert re.findall(r"AuthToken=([^&\s]+)", text) == ["***"] * text.count("AuthToken=")  # ... masked


def test_attachment_url_signatures_never_reach_logs(
    emulator: Emulator, open_session: Callable[..., ChatSession], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    pair = emulator.start_chat_with_agent()
    customer = open_session(emulator.endpoint, pair.customer.participant_token)
    attachment_id = customer.send_attachment(b"total: 42", name="invoice.txt")
    text = "\n".join(record.getMessage() for record in caplog.records)
    assert "/_attachments/" in text  # urllib3 logged the upload's request line ...
    assert "X-Amz-Security-Token=***" in text  # ... with the URL's credentials masked
    assert re.findall(r"(?:X-Amz-Security-Token|X-Amz-Signature)=([^&\s\"]+)", text) == ["***"] * len(
        re.findall(r"(?:X-Amz-Security-Token|X-Amz-Signature)=", text)
    )
    assert attachment_id


def test_a_failed_attachment_upload_shows_no_signature(caplog: pytest.LogCaptureFixture) -> None:
    import paws_compat  # installs the log filter on urllib3's loggers, as any client does
    from paws_compat.chat._common import put_bytes

    assert paws_compat.connectparticipant(endpoint="http://127.0.0.1:9", region="us-east-1")
    caplog.set_level(logging.DEBUG)
    url = f"http://127.0.0.1:9/_attachments/a?X-Amz-Security-Token={CANARY}&X-Amz-Signature={CANARY}"
    with pytest.raises(ChatSessionError) as raised:
        put_bytes(url, b"x", {})  # no client's policy: the default one, through requests
    assert str(raised.value) == (
        "attachment upload failed: could not connect to http://127.0.0.1:9: NewConnectionError"
    )
    assert raised.value.__cause__ is None and raised.value.__suppress_context__
    attempts = [record for record in caplog.records if "Starting new HTTP connection" in record.getMessage()]
    assert len(attempts) == 3  # resent twice on a failure to connect, each attempt logged
    for record in caplog.records:
        assert CANARY not in record.getMessage()
    assert CANARY not in str(raised.value)


def test_the_asyncio_session_mirrors_the_sync_one(
    emulator: Emulator, client_for: Callable[[str], Any]
) -> None:
    from paws_compat.chat import AsyncChatSession, ChatConfig

    async def scenario() -> list[str]:
        pair = emulator.start_chat_with_agent()
        config = ChatConfig.fast()
        async with (
            AsyncChatSession(
                client_for(emulator.endpoint), pair.customer.participant_token, config=config
            ) as customer,
            AsyncChatSession(
                client_for(emulator.endpoint), pair.agent.participant_token, config=config
            ) as agent,
        ):
            regained = asyncio.Event()
            customer.on("connection_regained", lambda _event: regained.set())
            await agent.send_message("one")
            emulator.drop_sockets(participant_id=pair.customer.participant_id)
            await agent.send_message("two")
            await asyncio.wait_for(regained.wait(), 10)
            await agent.send_message("three")
            got: list[str] = []

            async def three() -> None:
                async for item in customer:
                    if item.Type == "MESSAGE":
                        got.append(item.Content)
                    if len(got) == 3:
                        break

            await asyncio.wait_for(three(), 15)  # not asyncio.timeout: Python 3.10 has none
            return got

    assert asyncio.run(scenario()) == ["one", "two", "three"]


class _SlowFirstAnswer:
    """The real client, but the first CreateParticipantConnection answer comes back late (a slow
    network): its websocket URL has expired by the time the session sees it."""

    def __init__(self, client: Any, delay: float) -> None:
        self._client = client
        self._delay = delay
        self.calls = 0

    def create_participant_connection(self, **kwargs: Any) -> Any:
        answer = self._client.create_participant_connection(**kwargs)
        self.calls += 1
        if self.calls == 1:
            time.sleep(self._delay)
        return answer

    def __getattr__(self, name: str) -> Any:
        return getattr(self._client, name)


def test_a_url_that_expired_before_it_could_be_opened_is_replaced(
    paws_emulator_factory: Callable[..., Emulator], client_for: Callable[[str], Any]
) -> None:
    # The first URL is 0.5 s past its life when the session sees it; the second has 2 s to be opened,
    # room for a loaded machine (a shorter life could expire it too, and a third would be asked for).
    emulator = paws_emulator_factory(connection_expiry_seconds=2.0)
    pair = emulator.start_chat_with_agent()
    slow = _SlowFirstAnswer(client_for(emulator.endpoint), delay=2.5)
    from paws_compat.chat import ChatConfig

    session = ChatSession(slow, pair.customer.participant_token, config=ChatConfig.fast(url_open_margin=0.0))
    try:
        session.start(timeout=20)
        assert slow.calls == 2
        refused = [
            r for r in emulator.requests if r.get("operation") == "WebSocket" and r.get("status") != 101
        ]
        assert refused == []  # the expired URL was never even tried
    finally:
        session.close()


def test_a_failing_handler_raises_from_poll_and_loses_no_item(
    emulator: Emulator, open_session: Callable[..., ChatSession]
) -> None:
    pair = emulator.start_chat_with_agent()
    customer = open_session(emulator.endpoint, pair.customer.participant_token)
    agent = open_session(emulator.endpoint, pair.agent.participant_token)
    collect(customer, lambda items: sum(item.Type == "EVENT" for item in items) >= 2)  # the joins

    def fussy(item: Any) -> None:
        if item.Content == "one":
            raise RuntimeError("handler bug")

    customer.on("message", fussy)
    agent.send_message("one")
    agent.send_message("two")
    with pytest.raises(RuntimeError, match="handler bug"):
        collect(customer, has_messages("one", "two"))
    assert messages(collect(customer, has_messages("one", "two"))) == ["one", "two"]


def test_a_start_whose_loop_does_not_answer_in_time_leaves_no_thread_running(
    emulator: Emulator, client_for: Callable[[str], Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from paws_compat.chat import sync
    from paws_compat.chat._engine import Engine

    pair = emulator.start_chat_with_agent()
    monkeypatch.setattr(sync, "_BEGIN_TIMEOUT", 0.2)
    original = Engine.start

    started: list[threading.Thread] = []

    def slow_start(self: Engine) -> None:
        started.append(threading.current_thread())
        time.sleep(1.0)  # the session's loop is held up past start()'s wait for it
        original(self)

    monkeypatch.setattr(Engine, "start", slow_start)
    session = ChatSession(client_for(emulator.endpoint), pair.customer.participant_token)
    with pytest.raises(TimeoutError):
        session.start(timeout=20)
    assert started
    deadline = time.monotonic() + 20
    while any(t.is_alive() for t in started) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [t for t in started if t.is_alive()]
    assert session.ended

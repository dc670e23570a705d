"""URLs the service hands back go by the client's network policy; deep heartbeats reach the app."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest

from paws_compat._errors import ConfigError
from paws_compat.chat import ChatSession, ChatSessionError, State
from paws_compat.emulator import Emulator
from tests.chat.conftest import FAST
from tests.chat.service_rules import ServiceRulesFront
from tests.chat.test_session_faults import poll_for

OFF_MACHINE = "192.0.2.10"  # TEST-NET-1: an address that is not this machine


@pytest.fixture
def emulator(paws_emulator_factory: Callable[..., Emulator]) -> Emulator:
    return paws_emulator_factory()


def _elsewhere(url: str) -> str:
    """The same URL, clear text, on a host that is not this machine."""
    parts = urlsplit(url)
    scheme = {"wss": "ws", "https": "http"}.get(parts.scheme, parts.scheme)
    return urlunsplit((scheme, f"{OFF_MACHINE}:{parts.port or 80}", parts.path, parts.query, ""))


def _hand_out_clear_text(*, websocket: bool, upload: bool) -> Callable[[str, dict[str, Any]], dict[str, Any]]:
    def rewrite(path: str, answer: dict[str, Any]) -> dict[str, Any]:
        if websocket and path == "/participant/connection" and isinstance(answer.get("Websocket"), dict):
            answer["Websocket"]["Url"] = _elsewhere(answer["Websocket"]["Url"])
        if upload and path == "/participant/start-attachment-upload":
            answer["UploadMetadata"]["Url"] = _elsewhere(answer["UploadMetadata"]["Url"])
        return answer

    return rewrite


def test_a_clear_text_websocket_url_off_this_machine_is_refused_saying_why(
    emulator: Emulator, client_for: Callable[[str], Any], caplog: pytest.LogCaptureFixture
) -> None:
    pair = emulator.start_chat_with_agent()
    with ServiceRulesFront(
        emulator.endpoint, rewrite=_hand_out_clear_text(websocket=True, upload=False)
    ) as front:
        session = ChatSession(client_for(front.endpoint), pair.customer.participant_token, config=FAST)
        with caplog.at_level(logging.DEBUG), pytest.raises(ConfigError) as refused:
            session.start(timeout=20)
    message = str(refused.value)
    assert f"refusing clear-text websocket URL 'ws://{OFF_MACHINE}:" in message
    assert "tokens would travel unencrypted" in message
    assert "AuthToken=***" in message
    assert session.state is State.BROKEN
    assert pair.customer.participant_token not in caplog.text + message


def test_a_clear_text_upload_url_off_this_machine_is_refused_saying_why(
    emulator: Emulator, client_for: Callable[[str], Any]
) -> None:
    pair = emulator.start_chat_with_agent()
    with ServiceRulesFront(
        emulator.endpoint, rewrite=_hand_out_clear_text(websocket=False, upload=True)
    ) as front:
        session = ChatSession(client_for(front.endpoint), pair.customer.participant_token, config=FAST)
        try:
            session.start(timeout=20)
            refused = "attachment upload refused: refusing clear-text attachment URL"
            with pytest.raises(ChatSessionError, match=refused):
                session.send_attachment(b"total: 42", name="invoice.txt")
        finally:
            session.close()
    assert not any(item.get("Type") == "ATTACHMENT" for item in emulator.transcript(pair.contact_id))


def test_deep_heartbeats_reach_the_application(
    emulator: Emulator, open_session: Callable[..., ChatSession]
) -> None:
    pair = emulator.start_chat_with_agent()
    customer = open_session(emulator.endpoint, pair.customer.participant_token, deliver_history=False)
    results: list[tuple[str, str]] = []
    customer.on("deep_heartbeat_success", lambda event: results.append(("success", event.reason)))
    customer.on("deep_heartbeat_failure", lambda event: results.append(("failure", event.reason)))
    poll_for(customer, 1.2)  # FAST: a ping every 0.5 s
    emulator.faults.ping_500(count=1)
    lost: list[Any] = []
    customer.on("connection_lost", lost.append)
    poll_for(customer, 1.5)
    assert ("success", "") in results
    assert any(kind == "failure" and "500" in reason for kind, reason in results)
    assert lost  # and a 500 also means the socket is no use, as before

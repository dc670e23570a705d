"""Fidelity: the official amazon-connect-chatjs (pinned in tests/js) runs a customer's whole chat
against the emulator, in Node and in headless chromium with normal web security (the page on
another loopback origin than the emulator): connect, a message, typing, a read receipt, an
attachment up and down, the transcript, the refused FORWARD read, and leaving with chat.ended."""

from __future__ import annotations

import json
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from paws_compat.emulator import ChatPair, Emulator
from tests.browser import CHATJS_BUNDLE, NODE_FLAGS, browser_page, serve_js_root
from tests.emulator.conftest import participant_client

FLOW = Path(__file__).resolve().parent / "js" / "chat_flow.js"
EVENT = "application/vnd.amazonaws.connect.event."
AGENT_SAYS = "Hello from the agent"


@pytest.fixture
def chat(paws_emulator: Emulator, paws_chat: ChatPair) -> dict[str, Any]:
    """The customer's chat details as chatjs takes them; the agent has already said hello."""
    agent = participant_client(paws_emulator)
    token = agent.create_participant_connection(
        ParticipantToken=paws_chat.agent.participant_token, Type=["CONNECTION_CREDENTIALS"]
    )["ConnectionCredentials"]["ConnectionToken"]
    agent.send_message(ConnectionToken=token, ContentType="text/plain", Content=AGENT_SAYS)

    def type_once_the_customer_listens() -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            state = paws_emulator.chat_state(paws_chat.contact_id)["Participants"][0]
            if state["Subscribed"]:
                agent.send_event(ConnectionToken=token, ContentType=EVENT + "typing")
                return
            time.sleep(0.05)

    threading.Thread(target=type_once_the_customer_listens, daemon=True).start()
    return {
        "endpoint": paws_emulator.endpoint,
        "contactId": paws_chat.contact_id,
        "participantId": paws_chat.customer.participant_id,
        "participantToken": paws_chat.customer.participant_token,
        "text": "Hi from chatjs",
        "attachment": "attached by chatjs",
    }


def check(steps: list[list[Any]], chat: dict[str, Any], emulator: Emulator) -> None:
    assert dict(steps) == {
        "connect": True,
        "message": chat["text"],
        "typing": [EVENT + "typing", "AGENT"],
        "transcript": [AGENT_SAYS, chat["text"]],
        # The service refuses FORWARD without a StartPosition; chatjs surfaces the error's type.
        "forward-without-start": "ValidationException",
        "receipt": dict(steps)["receipt"],
        "attachment": chat["attachment"],
        "ended": EVENT + "chat.ended",
    }
    items = emulator.transcript(chat["contactId"])
    agent_message = next(i for i in items if i.get("Content") == AGENT_SAYS)
    receipts = agent_message["MessageMetadata"]["Receipts"]
    assert [(r["RecipientParticipantId"], "ReadTimestamp" in r) for r in receipts] == [
        (chat["participantId"], True)
    ]
    kinds = [i["ContentType"] for i in items if i["Type"] in ("EVENT", "ATTACHMENT")]
    assert kinds[-2:] == [EVENT + "participant.left", EVENT + "chat.ended"]
    assert any(i["Type"] == "ATTACHMENT" for i in items)
    operations = [(r["operation"], r["status"]) for r in emulator.requests]
    assert ("GetTranscript", 400) in operations and ("CompleteAttachmentUpload", 200) in operations
    assert all(status < 500 for _operation, status in operations)


def test_chatjs_in_node(chat: dict[str, Any], paws_emulator: Emulator) -> None:
    script = (
        # The bundle is built for browsers: it reads `self`, `window.connect`, `navigator.userAgent`
        # and `navigator.onLine` (Node 20 has no navigator), and a global WebSocket (NODE_FLAGS).
        "globalThis.self = globalThis; globalThis.window = globalThis; "
        "globalThis.navigator = globalThis.navigator || "
        "{ userAgent: 'node/' + process.version, onLine: true }; "
        f"const m = require({json.dumps(str(CHATJS_BUNDLE))}); "
        "const chatjs = globalThis.connect || m; globalThis.connect = chatjs; "
        f"const {{ runChatFlow }} = require({json.dumps(str(FLOW))}); "
        f"runChatFlow(chatjs, {json.dumps(chat)})"
        ".then(s => { process.stdout.write(JSON.stringify(s)); process.exit(0); })"
        ".catch(e => { console.error(String(e && e.stack || e).slice(-1500)); process.exit(1); });"
    )
    done = subprocess.run(["node", *NODE_FLAGS, "-e", script], capture_output=True, text=True, timeout=90)
    seen = [(r["operation"], r["status"]) for r in paws_emulator.requests]
    assert done.returncode == 0, f"{done.stderr[-3000:]}; requests {seen}"
    check(json.loads(done.stdout), chat, paws_emulator)


@pytest.fixture
def page_origin() -> Iterator[str]:
    """tests/js on a loopback origin of its own (not the emulator's)."""
    with serve_js_root() as origin:
        yield origin


def test_chatjs_in_headless_chromium_from_another_origin(
    chat: dict[str, Any], paws_emulator: Emulator, page_origin: str
) -> None:
    assert page_origin != paws_emulator.endpoint
    with browser_page() as page:
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(f"{page_origin}/")
        page.add_script_tag(
            url=f"{page_origin}/node_modules/amazon-connect-chatjs/dist/amazon-connect-chat.js"
        )
        page.add_script_tag(content=FLOW.read_text())
        try:
            steps = page.evaluate("args => runChatFlow(connect, args)", chat)
        except Exception as error:
            seen = [(r["operation"], r["status"]) for r in paws_emulator.requests]
            state = paws_emulator.chat_state(chat["contactId"])["Participants"]
            raise AssertionError(f"{error}; requests {seen}; participants {state}") from None
    assert not errors
    check(steps, chat, paws_emulator)

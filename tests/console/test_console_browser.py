"""The console in a real browser: Debian's chromium, headless, driven by Playwright, against a real
emulator over real sockets, with a paws_compat ChatSession as the customer app under test.

The main test ends by saving a screenshot (to pytest's tmp dir). The README's picture is that
screenshot; to regenerate it:

    PAWS_COMPAT_CONSOLE_PNG=docs/console.png python -m pytest tests/console/test_console_browser.py -k talks
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import urllib3

import paws_compat
from paws_compat.chat import ChatConfig, ChatSession
from paws_compat.emulator import Emulator
from paws_compat.emulator.console import exposure_warning
from tests.browser import DEFAULT_TIMEOUT_MS, browser_page

pytestmark = pytest.mark.timeout(180)

ROOT = Path(__file__).resolve().parents[2]
VIEWPORT = {"width": 1400, "height": 900}
# Every wait on the Python side is bounded like the browser's.
WAIT = DEFAULT_TIMEOUT_MS / 1000


class AppUnderTest:
    """A ChatSession (the customer's, or an agent app's), with what it received kept in order."""

    def __init__(self, emulator: Emulator, participant_token: str) -> None:
        svc = paws_compat.connectparticipant(endpoint=emulator.endpoint, region="us-east-1")
        self.session = ChatSession(svc, participant_token, config=ChatConfig.fast())
        self.items: list[Any] = []
        self.connection: list[str] = []
        for kind in ("connection_lost", "connection_regained", "connection_broken"):
            self.session.on(kind, lambda event, kind=kind: self.connection.append(kind))

    def wait(self, check: Callable[[], Any], what: str) -> Any:
        """Poll the session until `check()` is true (it may already be); returns its value."""
        deadline = time.monotonic() + WAIT
        while not (found := check()):
            assert time.monotonic() < deadline, f"the session did not see {what} in {WAIT} s"
            self.items += self.session.poll(timeout=0.5)
        return found

    def item(self, what: str, match: Callable[[Any], bool]) -> Any:
        return self.wait(lambda: next((i for i in self.items if match(i)), None), what)


def field(item: Any, name: str) -> Any:
    """A member of a paws-shaped record, None when absent."""
    try:
        value = item[name]
    except (KeyError, IndexError, TypeError):
        return None
    return value if isinstance(value, str) or value else None


@pytest.fixture
def emulator(request: pytest.FixtureRequest) -> Iterator[Emulator]:
    """The emulator; a test may change its Limits with indirect parametrization (a dict of them)."""
    with Emulator(**getattr(request, "param", {})) as emu:
        yield emu


@pytest.fixture
def tokens() -> list[str]:
    """Every token in play: the page's (read off the answers it gets) and the test's own."""
    return []


@pytest.fixture
def page(emulator: Emulator, tokens: list[str]) -> Iterator[Any]:
    with browser_page(viewport=VIEWPORT, accept_downloads=True) as page:
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("response", lambda response: remember_tokens(tokens, response))
        page.goto(emulator.endpoint + "/")
        page.locator("#feed-status", has_text="live").wait_for()
        yield page
        assert not errors, errors
        shown = page.content()  # the DOM as it is now: text, attributes, titles
        assert not [t for t in tokens if t in shown], "a token is shown on the page"


def remember_tokens(tokens: list[str], response: Any) -> None:
    if response.request.method != "POST" or not response.ok:
        return
    if not re.search(r"/(participants|chats|participant/connection)$", response.url):
        return
    body = json.loads(response.body() or b"{}")
    url = (body.get("Websocket") or {}).get("Url") or ""
    found = [
        body.get("ParticipantToken"),
        (body.get("ConnectionCredentials") or {}).get("ConnectionToken"),
        *parse_qs(urlsplit(url).query).get("AuthToken", []),
    ]
    tokens += [t for t in found if t]


def join(page: Any, contact_id: str, role: str, name: str) -> None:
    """Select the chat in the list and join it from the console; returns once its socket is live."""
    page.locator(f"#chat-list li[data-contact-id='{contact_id}']").click()
    page.locator("#join [name=role]").select_option(role)
    page.locator("#join [name=name]").fill(name)
    page.locator("#join button").click()
    page.locator("#identity option", has_text=f"{name} (").filter(has_text="· live").wait_for(
        state="attached"
    )


def say(page: Any, text: str) -> None:
    page.locator("#message").fill(text)
    page.locator("#send button").click()
    page.locator("#transcript .msg.mine", has_text=text).wait_for()


def message_in(page: Any, item_id: str) -> Any:
    return page.locator(f"#transcript .msg[data-item-id='{item_id}']")


def test_the_console_joins_a_python_chat_talks_both_ways_and_recovers_from_a_drop(
    emulator: Emulator, page: Any, tokens: list[str], tmp_path: Path
) -> None:
    assert page.locator("#exposed").is_hidden()  # loopback: no warning
    chat = emulator.start_chat(display_name="Dana")
    customer = AppUnderTest(emulator, chat.participant_token)
    tokens.append(chat.participant_token)
    with customer.session:
        row = page.locator(f"#chat-list li[data-contact-id='{chat.contact_id}']")
        row.filter(has_text="Dana").wait_for()  # the chat started from Python shows up by itself
        join(page, chat.contact_id, "AGENT", "Ari")
        assert len(tokens) == 4  # Dana's, and the console's ParticipantToken, ConnectionToken, AuthToken
        mine = page.locator("#participants tr", has_text="this console")
        assert mine.locator("td").nth(0).inner_text() == "AGENT" and mine.inner_text().startswith(
            "AGENT\tAri"
        )
        people = emulator.chat_state(chat.contact_id)["Participants"]
        assert {p["DisplayName"]: p["Subscribed"] for p in people} == {"Dana": 1, "Ari": 1}
        # Each participant's row: role, connected, sockets, subscribed, as the emulator counts them.
        dana = page.locator("#participants tr", has_text="Dana").locator("td")
        assert [dana.nth(n).inner_text().strip() for n in range(5)] == ["CUSTOMER", "Dana", "yes", "1", "1"]
        customer.item("Ari joining", lambda i: i.Type == "EVENT" and field(i, "DisplayName") == "Ari")

        hello = customer.session.send_message("Hello, my order is late")
        message_in(page, hello.Id).filter(has_text="Hello, my order is late").wait_for()
        say(page, "Sorry to hear that, let me look")
        reply = customer.item(
            "the console's message", lambda i: field(i, "Content") == "Sorry to hear that, let me look"
        )
        assert (reply.ParticipantRole, reply.DisplayName) == ("AGENT", "Ari")

        # Typing and receipts, both ways.
        page.locator("#send-typing").click()
        page.locator("#transcript .event.typing-row", has_text="Ari typing").wait_for()
        customer.item(
            "the console typing",
            lambda i: field(i, "ContentType").endswith("typing") and i.ParticipantRole == "AGENT",
        )
        assert customer.session.send_typing() is not None
        page.locator("#typing", has_text="Dana is typing").wait_for()
        page.locator("#send-read").click()  # the newest message from someone else: Dana's
        customer.item(
            "the console's read receipt",
            lambda i: i.Type == "MESSAGEMETADATA" and i.MessageMetadata.MessageId == hello.Id,
        )
        customer.session.send_read_receipt(reply.Id)
        message_in(page, reply.Id).locator(".receipts", has_text="read by Dana").wait_for()

        # An attachment from the customer, with a download link that gives its bytes back.
        receipt = b"order 1234: shipped 2026-11-30\n"
        customer.session.send_attachment(receipt, name="receipt.txt", content_type="text/plain")
        link = page.locator("#transcript .attachment a", has_text="receipt.txt")
        link.wait_for()
        with page.expect_download() as fetched:
            link.click()
        assert Path(fetched.value.path()).read_bytes() == receipt
        assert fetched.value.suggested_filename == "receipt.txt"

        # A drop armed from the console: every websocket cut; the session reconnects.
        page.locator("#socket-fault [name=kind]").select_option("drop")
        page.locator("#socket-fault button").click()
        customer.wait(lambda: "connection_regained" in customer.connection, "its socket come back")
        assert customer.connection[:2] == ["connection_lost", "connection_regained"]
        page.locator("#identity option", has_text="Ari (").filter(has_text="· live").wait_for(
            state="attached"
        )
        # And a dropped SendMessage (no answer at all) from the console: the client's retry gets it through.
        page.locator("#rest-fault [name=operation]").select_option("SendMessage")
        page.locator("#rest-fault [name=kind]").select_option("drop")
        page.locator("#rest-fault [name=count]").fill("1")
        page.locator("#rest-fault button").click()
        page.locator("#fault-list li[data-fault-id]", has_text="drop connection").wait_for()
        after = customer.session.send_message("Still there?")
        page.locator("#fault-list li.none").wait_for()  # used up
        message_in(page, after.Id).filter(has_text="Still there?").wait_for()
        say(page, "Yes: it ships tomorrow")
        customer.item(
            "the console's message after the drop", lambda i: field(i, "Content") == "Yes: it ships tomorrow"
        )

        # The request log shows the calls, bearers masked.
        bearers = page.locator("#request-log td.mono").all_inner_texts()
        assert set(bearers) <= {"****", "-"} and "****" in bearers

        customer.session.send_typing()
        page.locator("#typing", has_text="Dana is typing").wait_for()
        emulator.faults.delay(0.2, operation="GetTranscript", count=None)  # something armed, for the picture
        page.locator("#fault-list li[data-fault-id]").wait_for()
        shot = Path(os.environ.get("PAWS_COMPAT_CONSOLE_PNG") or tmp_path / "console.png")
        page.screenshot(path=str(shot))
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_every_fault_is_armed_and_cleared_one_by_one_from_the_console(emulator: Emulator, page: Any) -> None:
    rest = [
        (
            {"operation": "SendMessage", "kind": "status", "status": "503", "error_type": "", "count": "2"},
            {"operation": "SendMessage", "status": 503, "count": 2, "drop": False, "rate": None},
        ),
        (
            {
                "operation": "GetTranscript",
                "kind": "status",
                "status": "409",
                "error_type": "ConflictException",
                "message": "Someone else changed it",
                "delay": "0.5",
                "count": "",
            },
            {
                "status": 409,
                "error_type": "ConflictException",
                "message": "Someone else changed it",
                "delay": 0.5,
                "count": None,
            },
        ),
        (
            {"operation": "SendEvent", "kind": "delay", "delay": "1.5", "count": "3"},
            {"status": None, "delay": 1.5, "count": 3},
        ),
        ({"operation": "", "kind": "drop", "count": "1"}, {"operation": None, "drop": True, "count": 1}),
        (
            {"operation": "CreateParticipantConnection", "kind": "non_json", "status": "502", "count": "1"},
            {"status": 502, "non_json": True, "count": 1},
        ),
        (
            {"operation": "SendMessage", "kind": "rate", "rate": "2"},
            {"rate": 2.0, "status": 429, "count": None},
        ),
    ]
    form = page.locator("#rest-fault")
    for fields, expected in rest:
        before = {f.id for f in emulator.faults.rules}
        form.locator("[name=operation]").select_option(fields.pop("operation"))
        form.locator("[name=kind]").select_option(fields.pop("kind"))
        for name, value in fields.items():
            form.locator(f"[name={name}]").fill(value)
        form.locator("button").click()
        page.locator("#fault-list li[data-fault-id]").nth(len(before)).wait_for()
        (added,) = [f.to_dict() for f in emulator.faults.rules if f.id not in before]
        assert {k: added[k] for k in expected} == expected
    rules = [f.id for f in emulator.faults.rules]
    assert len(rules) == len(rest)

    sockets = page.locator("#socket-fault")
    kinds = sockets.locator("[name=kind] option").evaluate_all("options => options.map(o => o.value)")
    assert sorted(kinds) == sorted(
        ["drop", "silent_heartbeat", "ping_500", "subscribe_failure", "refuse_handshake"]
    )
    switches = {"silent_heartbeat": "", "ping_500": "2", "subscribe_failure": "1", "refuse_handshake": "3"}
    for kind, count in switches.items():
        sockets.locator("[name=kind]").select_option(kind)
        sockets.locator("[name=count]").fill(count)
        sockets.locator("button").click()
        page.locator(f"#fault-list li[data-socket-fault='{kind}']").wait_for()
    assert emulator.faults.armed_socket_faults() == {
        "silent_heartbeat": -1,
        "ping_500": 2,
        "subscribe_failure": 1,
        "refuse_handshake": 3,
    }
    # What the console armed really fires: the first SendMessage rule answers the next call 503.
    fired = urllib3.request(
        "POST",
        emulator.endpoint + "/participant/message",
        timeout=10,
        headers={"X-Amz-Bearer": "not-a-token", "Content-Type": "application/json"},
        body=json.dumps({"ContentType": "text/plain", "Content": "hi"}),
    )
    assert fired.status == 503
    page.locator(f"#fault-list li[data-fault-id='{rules[0]}']", has_text="1 left · fired 1").wait_for()
    page.locator("#request-log tr.failed", has_text="SendMessage").filter(has_text="503").wait_for()

    # Cleared one at a time, each from its own row, the others left armed.
    for fault_id in rules:
        page.locator(f"#fault-list li[data-fault-id='{fault_id}'] button").click()
        page.locator(f"#fault-list li[data-fault-id='{fault_id}']").wait_for(state="detached")
        assert fault_id not in [f.id for f in emulator.faults.rules]
        assert len(emulator.faults.armed_socket_faults()) == len(switches)
    for left, kind in enumerate(switches, start=1):
        page.locator(f"#fault-list li[data-socket-fault='{kind}'] button").click()
        page.locator(f"#fault-list li[data-socket-fault='{kind}']").wait_for(state="detached")
        assert kind not in emulator.faults.armed_socket_faults()
        assert len(emulator.faults.armed_socket_faults()) == len(switches) - left
    page.locator("#fault-list li.none").wait_for()

    # Clear all clears both kinds at once.
    form.locator("[name=kind]").select_option("delay")
    form.locator("[name=delay]").fill("0.1")
    form.locator("button").click()
    sockets.locator("[name=kind]").select_option("ping_500")
    sockets.locator("[name=count]").fill("")
    sockets.locator("button").click()
    page.locator("#fault-list li[data-socket-fault='ping_500']").wait_for()
    page.locator("#clear-faults").click()
    page.locator("#fault-list li.none").wait_for()
    assert emulator.faults.rules == [] and emulator.faults.armed_socket_faults() == {}


def test_a_chat_started_in_the_console_with_its_customer_and_a_bot_an_upload_and_its_end(
    emulator: Emulator, page: Any, tokens: list[str]
) -> None:
    page.locator("#start-chat [name=DisplayName]").fill("Rita")
    page.locator("#start-chat button").click()
    page.locator("#chat-title", has_text="Rita").wait_for()
    (contact_id,) = emulator.service.contacts
    assert page.locator("#chat-id").inner_text() == contact_id
    # The agent is the app under test here: a ChatSession of its own, added as a contact panel adds one.
    agent = emulator.add_participant(contact_id, role="AGENT", display_name="Ari")
    app = AppUnderTest(emulator, agent.participant_token)
    tokens.append(agent.participant_token)
    with app.session:
        join(page, contact_id, "CUSTOMER", "Rita")  # the customer the console started, now held by it
        assert page.locator("#join [name=role] option[value=CUSTOMER]").count() == 0
        say(page, "Hi, I need a refund")
        asked = app.item("Rita's message", lambda i: field(i, "Content") == "Hi, I need a refund")
        assert asked.ParticipantRole == "CUSTOMER"

        join(page, contact_id, "CUSTOM_BOT", "Helper bot")
        app.item("the bot joining", lambda i: i.Type == "EVENT" and field(i, "DisplayName") == "Helper bot")
        page.locator("#identity").select_option(label="Helper bot (bot) · live")
        page.locator("#content-type").select_option("text/markdown")
        say(page, "**Refunds** take 3 days")
        bot = app.item("the bot's message", lambda i: field(i, "Content") == "**Refunds** take 3 days")
        assert (bot.ParticipantRole, bot.ContentType) == ("CUSTOM_BOT", "text/markdown")
        offer = app.session.send_message("I can help with that")
        message_in(page, offer.Id).wait_for()
        page.locator("#send-delivered").click()  # as the bot, for the agent's message
        app.item(
            "the bot's delivered receipt",
            lambda i: (
                i.Type == "MESSAGEMETADATA"
                and i.MessageMetadata.MessageId == offer.Id
                and field(i.MessageMetadata.Receipts[0], "DeliveredTimestamp")
            ),
        )
        page.locator("#leave").click()  # the bot leaves (DisconnectParticipant)
        app.item("the bot leaving", lambda i: field(i, "ContentType").endswith("participant.left"))
        page.locator("#identity option", has_text="Rita (customer)").wait_for(state="attached")
        assert page.locator("#identity option").count() == 1

        # Sockets cut from the console: one participant's (the app's), then the whole chat's.
        page.locator("#participants tr", has_text="Ari").locator("button", has_text="drop").click()
        page.locator("#toasts", has_text="dropped 1 socket(s) of Ari").wait_for()
        app.wait(lambda: app.connection.count("connection_regained") == 1, "its socket come back")
        page.locator("#drop-chat-sockets").click()
        page.locator("#toasts", has_text="dropped 2 socket(s)").wait_for()
        app.wait(lambda: app.connection.count("connection_regained") == 2, "its socket come back again")
        page.locator("#identity option", has_text="Rita (").filter(has_text="· live").wait_for(
            state="attached"
        )
        after = app.session.send_message("Back again")
        message_in(page, after.Id).wait_for()

        # An upload from the console (as Rita): the app gets the item and the very bytes.
        photo = bytes(range(256)) * 40
        page.locator("#upload").set_input_files(
            {"name": "damaged.png", "mimeType": "image/png", "buffer": photo}
        )
        sent = app.item("the console's attachment", lambda i: i.Type == "ATTACHMENT")
        (attachment,) = sent.Attachments
        assert (attachment.AttachmentName, attachment.ContentType) == ("damaged.png", "image/png")
        url = app.session.get_attachment(attachment.AttachmentId).Url
        assert urllib3.request("GET", url, timeout=10).data == photo
        link = page.locator(f"#transcript .attachment a[data-attachment-id='{attachment.AttachmentId}']")
        with page.expect_download() as fetched:
            link.click()
        assert Path(fetched.value.path()).read_bytes() == photo

        # The chat's own request log: another chat's calls are left out with "this chat" ticked.
        other = emulator.start_chat(display_name="Other")
        tokens.append(other.participant_token)
        svc = paws_compat.connectparticipant(endpoint=emulator.endpoint, region="us-east-1")
        svc.create_participant_connection(
            Type=["CONNECTION_CREDENTIALS"], ParticipantToken=other.participant_token
        )
        log = page.locator("#request-log tr")
        log.and_(page.locator(f"[data-contact-id='{other.contact_id}']")).wait_for()
        page.locator("#log-this-chat").check()
        shown = page.locator("#request-log tr:not([hidden])")
        assert set(shown.evaluate_all("rows => rows.map(r => r.dataset.contactId)")) == {contact_id}
        operations = set(shown.locator("td.op").all_inner_texts())
        assert {
            "WebSocket",
            "SendMessage",
            "AttachmentUpload",
            "AttachmentDownload",
            "GetAttachment",
        } <= operations
        page.locator("#log-this-chat").uncheck()
        assert shown.count() == log.count()

        # End the chat from the console: the app sees it end; the console shows it ended.
        page.locator("#end-chat").click()
        app.item("the chat ending", lambda i: field(i, "ContentType").endswith("chat.ended"))
        app.wait(lambda: app.session.ended, "the session end")
        page.locator("#chat-state", has_text="ended").wait_for()
        page.locator("#speak").wait_for(state="hidden")
        assert not emulator.chat_state(contact_id)["Active"]
        assert page.locator(f"#chat-list li.ended[data-contact-id='{contact_id}']").count() == 1
        assert page.locator("#join").is_hidden() and page.locator("#end-chat").is_disabled()


def test_the_console_says_so_when_the_emulator_is_bound_off_loopback() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "paws_compat.cli.emulator", "--host", "0.0.0.0", "--port", "0", "--quiet"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert proc.stdout is not None
        lines = [proc.stdout.readline() for _ in range(3)]
        console = lines[2].split()[-1]
        assert console.startswith("http://127.0.0.1:") and "console" in lines[2]
        with browser_page(viewport=VIEWPORT) as page:
            page.goto(console)
            banner = page.locator("#exposed")
            banner.filter(has_text="Bound to 0.0.0.0: reachable from the network").wait_for()
            shown = banner.inner_text()
    finally:
        proc.terminate()
        _, errors = proc.communicate(timeout=30)
    # One text: what the command printed is what the page shows (it came through the feed).
    warning = exposure_warning("0.0.0.0")
    assert warning is not None and "no authentication" in warning
    assert f"  WARNING: {warning}\n" in errors
    assert shown == f"Bound to 0.0.0.0: {warning}"


def test_a_long_chat_shows_its_newest_items_and_counts_the_rest(emulator: Emulator, page: Any) -> None:
    chat = emulator.start_chat(display_name="Long")
    page.locator(f"#chat-list li[data-contact-id='{chat.contact_id}']").click()
    page.locator("#chat-title", has_text="Long").wait_for()
    total = 1150  # past the 1,000 items the page keeps, arriving while it watches
    for n in range(total):
        item = {"Type": "MESSAGE", "ContentType": "text/plain", "Content": f"line {n}"}
        emulator.inject_item(chat.contact_id, {**item, "ParticipantRole": "SYSTEM", "DisplayName": "Log"})
    stored = len(emulator.transcript(chat.contact_id))
    rows = page.locator("#transcript > div:not(.earlier)")
    for _look in ("live", "after a reload"):
        page.locator("#transcript .msg", has_text=f"line {total - 1}").wait_for()
        note = page.locator("#transcript .earlier").inner_text()
        left_out = int(note.split()[0])
        assert 900 <= rows.count() <= 1000 and left_out + rows.count() == stored, (note, rows.count(), stored)
        assert page.locator("#transcript .msg", has_text="line 0").count() == 0
        page.reload()
        page.locator(f"#chat-list li[data-contact-id='{chat.contact_id}']").click()


def test_a_call_the_emulator_holds_back_ends_in_the_console_with_a_message(
    emulator: Emulator, page: Any
) -> None:
    chat = emulator.start_chat(display_name="Slow")
    join(page, chat.contact_id, "AGENT", "Ari")
    form = page.locator("#rest-fault")
    form.locator("[name=operation]").select_option("SendMessage")
    form.locator("[name=kind]").select_option("delay")
    form.locator("[name=delay]").fill("60")
    form.locator("[name=count]").fill("1")
    form.locator("button").click()
    page.locator("#fault-list li[data-fault-id]").wait_for()
    page.locator("#message").fill("anyone there?")
    page.locator("#send button").click()
    # The page's own bound on a call (15 s), not the fault's 60 s, ends the wait.
    page.locator("#toasts .bad", has_text="SendMessage: no answer in 15 s").wait_for(timeout=40_000)
    say(page, "hello again")  # the next call answers normally


def ari_option(page: Any) -> Any:
    return page.locator("#identity option", has_text="Ari (")


@pytest.mark.parametrize(
    ("kind", "trying", "stopped"),
    [
        ("subscribe_failure", "subscribing, try", "stopped: subscribe refused 8 times"),
        ("refuse_handshake", "reconnecting, try", "stopped: gave up reconnecting after 8 tries"),
    ],
)
def test_a_websocket_fault_that_stays_is_retried_with_backoff_a_bounded_number_of_times(
    emulator: Emulator, page: Any, kind: str, trying: str, stopped: str
) -> None:
    chat = emulator.start_chat(display_name="Dana")
    join(page, chat.contact_id, "AGENT", "Ari")
    sockets = page.locator("#socket-fault")
    sockets.locator("[name=kind]").select_option(kind)
    sockets.locator("[name=count]").fill("10")
    sockets.locator("button").click()
    fault = page.locator(f"#fault-list li[data-socket-fault='{kind}']")
    fault.filter(has_text="10 left").wait_for()
    page.locator("#drop-chat-sockets").click()
    # What it is doing, shown (each state lasts one wait: any retry past the first will do).
    ari_option(page).filter(has_text=re.compile(trying + " [2-8]")).wait_for(state="attached")
    ari_option(page).filter(has_text=stopped).wait_for(state="attached", timeout=60_000)
    # Exactly eight tries (each used one of the fault's ten), then none: it stopped, its socket closed.
    fault.filter(has_text="2 left").wait_for()
    assert emulator.faults.armed_socket_faults() == {kind: 2}
    (ari,) = [p for p in emulator.chat_state(chat.contact_id)["Participants"] if p["DisplayName"] == "Ari"]
    assert (ari["Sockets"], ari["Subscribed"]) == (0, 0)
    say(page, "REST calls still work while stopped")
    assert emulator.faults.armed_socket_faults() == {kind: 2}
    # Reconnect starts over; with the fault cleared it is live again.
    fault.locator("button").click()
    fault.wait_for(state="detached")
    page.locator("#reconnect").click()
    ari_option(page).filter(has_text="· live").wait_for(state="attached")
    assert page.locator("#reconnect").is_hidden()
    (ari,) = [p for p in emulator.chat_state(chat.contact_id)["Participants"] if p["DisplayName"] == "Ari"]
    assert (ari["Sockets"], ari["Subscribed"]) == (1, 1)


@pytest.mark.parametrize(
    ("kind", "trying", "sockets_while_failing"),
    [("subscribe_failure", "subscribing, try", "1"), ("refuse_handshake", "reconnecting, try", "0")],
)
def test_a_websocket_fault_until_cleared_shows_in_the_console_which_recovers_once_it_is_cleared(
    emulator: Emulator, page: Any, kind: str, trying: str, sockets_while_failing: str
) -> None:
    from playwright.sync_api import expect

    chat = emulator.start_chat(display_name="Dana")
    join(page, chat.contact_id, "AGENT", "Ari")
    mine = page.locator("#participants tr", has_text="this console").locator("td")
    # The chat list's dot: half (Ari subscribed, Dana not), none while Ari is not.
    dot = page.locator(f"#chat-list li[data-contact-id='{chat.contact_id}'] .dot")
    expect(dot).to_have_class(re.compile(r"\bhalf\b"))
    sockets = page.locator("#socket-fault")
    sockets.locator("[name=kind]").select_option(kind)
    sockets.locator("[name=count]").fill("")
    sockets.locator("button").click()
    fault = page.locator(f"#fault-list li[data-socket-fault='{kind}']")
    fault.filter(has_text="until cleared").wait_for()
    page.locator("#drop-chat-sockets").click()
    # It takes effect: the console keeps trying, and its row and the chat list show it not subscribed.
    expect(mine.nth(4)).to_have_text("0")
    expect(mine.nth(3)).to_have_text(sockets_while_failing)
    expect(dot).to_have_class(re.compile(r"^dot\s*$"))
    ari_option(page).filter(has_text=re.compile(trying + " [2-8]")).wait_for(state="attached")
    (ari,) = [p for p in emulator.chat_state(chat.contact_id)["Participants"] if p["DisplayName"] == "Ari"]
    assert ari["Subscribed"] == 0
    # Cleared from its row: the next try gets through, with nothing done in the console.
    fault.locator("button").click()
    ari_option(page).filter(has_text="· live").wait_for(state="attached")
    expect(mine.nth(4)).to_have_text("1")
    expect(dot).to_have_class(re.compile(r"\bhalf\b"))
    (ari,) = [p for p in emulator.chat_state(chat.contact_id)["Participants"] if p["DisplayName"] == "Ari"]
    assert (ari["Sockets"], ari["Subscribed"]) == (1, 1)
    say(page, "back")


def is_connection(response: Any) -> bool:
    """An answer to CreateParticipantConnection."""
    return bool(response.request.method == "POST" and response.url.endswith("/participant/connection"))


def refused(svc: Any, connection_token: str) -> bool:
    try:
        svc.get_transcript(ConnectionToken=connection_token, MaxResults=1)
    except paws_compat.errors.AccessDeniedException:
        return True
    return False


@pytest.mark.parametrize("emulator", [{"connection_token_seconds": 4.0}], indirect=True)
def test_the_console_renews_its_connection_token_before_it_expires(emulator: Emulator, page: Any) -> None:
    chat = emulator.start_chat(display_name="Dana")
    with page.expect_response(is_connection) as joined:
        join(page, chat.contact_id, "AGENT", "Ari")
    first = joined.value.json()["ConnectionCredentials"]["ConnectionToken"]
    # Renewed by itself at half its 4 s life (a minute ahead for a real one): a new token, no new socket.
    with page.expect_response(is_connection) as renewed:
        pass
    answer = renewed.value.json()
    assert answer["ConnectionCredentials"]["ConnectionToken"] != first and "Websocket" not in answer
    svc = paws_compat.connectparticipant(endpoint=emulator.endpoint, region="us-east-1")
    deadline = time.monotonic() + WAIT
    while not refused(svc, first):  # the first token expires (the emulator refuses it, 403)
        assert time.monotonic() < deadline, "the first ConnectionToken did not expire"
        time.sleep(0.2)
    say(page, "still here after the first token expired")
    # (the one failed call in the log is the test's, with the old token)
    assert page.locator("#request-log tr.failed", has_text="SendMessage").count() == 0
    contents = [item.get("Content") for item in emulator.transcript(chat.contact_id)]
    assert "still here after the first token expired" in contents
    (ari,) = [p for p in emulator.chat_state(chat.contact_id)["Participants"] if p["DisplayName"] == "Ari"]
    assert (ari["Sockets"], ari["Subscribed"]) == (1, 1)
    assert ari_option(page).filter(has_text="· live").count() == 1


def test_a_call_refused_with_403_renews_the_connection_and_is_made_again(
    emulator: Emulator, page: Any
) -> None:
    chat = emulator.start_chat(display_name="Dana")
    join(page, chat.contact_id, "AGENT", "Ari")
    page.locator("#clear-requests").click()
    page.locator("#request-log tr").first.wait_for(state="detached")
    emulator.faults.add(operation="SendMessage", status=403, count=1)  # as an expired ConnectionToken is
    say(page, "through on the second try")
    page.locator("#request-log tr", has_text="SendMessage").nth(1).wait_for()
    log = page.locator("#request-log tr").evaluate_all(
        "rows => rows.map(r => [r.cells[1].textContent, r.cells[2].textContent]).reverse()"
    )
    assert log == [
        ["SendMessage", "403"],
        ["CreateParticipantConnection", "200"],
        ["SendMessage", "200"],
    ]
    assert ari_option(page).filter(has_text="· live").count() == 1


def test_a_participant_whose_token_is_refused_stops_and_says_why(emulator: Emulator, page: Any) -> None:
    chat = emulator.start_chat(display_name="Dana")
    with page.expect_response(is_connection) as joined:
        join(page, chat.contact_id, "AGENT", "Ari")
    token = joined.value.json()["ConnectionCredentials"]["ConnectionToken"]
    # Ari is disconnected by another client holding the same ConnectionToken (another tab, an app).
    svc = paws_compat.connectparticipant(endpoint=emulator.endpoint, region="us-east-1")
    svc.disconnect_participant(ConnectionToken=token)
    ari_option(page).filter(has_text="· stopped: Ari was disconnected, not by this console").wait_for(
        state="attached"
    )
    assert page.locator("#reconnect").is_hidden()  # nothing to retry: its ParticipantToken is refused
    # The reconnect that found out: its ParticipantToken refused (403), once, and no try after.
    calls = [(e["operation"], e["status"]) for e in emulator.requests if e["contact_id"] == chat.contact_id]
    assert calls[-1] == ("CreateParticipantConnection", 403)
    assert calls.count(("CreateParticipantConnection", 403)) == 1
    # A message from it is not even tried; the page says why.
    page.locator("#message").fill("hello?")
    page.locator("#send button").click()
    page.locator(
        "#toasts .bad", has_text="Ari (agent) stopped: Ari was disconnected, not by this console"
    ).wait_for()
    calls = [(e["operation"], e["status"]) for e in emulator.requests if e["contact_id"] == chat.contact_id]
    assert calls[-1] == ("CreateParticipantConnection", 403) and ("SendMessage", 403) not in calls

"""A customer and an agent chat live over websockets, on the local emulator or any endpoint.

    python examples/chat_demo.py                      # starts an emulator in this process
    python examples/chat_demo.py --endpoint URL       # a running `paws-compat emulator`

The chat is started the way Amazon Connect starts one (StartChatContact, then CreateParticipant
for the agent), through the emulator's control interface; everything after that is the real
Participant Service API: two ChatSessions, messages, typing, a read receipt, a disconnect, and
the transcript read back with GetTranscript.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import urllib.request
from collections.abc import Callable, Iterator
from typing import Any

import paws_compat
from paws_compat.chat import ChatSession

WAIT_SECONDS = 15.0


def control(endpoint: str, path: str, body: dict[str, Any]) -> dict[str, Any]:
    """POST to the emulator's control interface (what Amazon Connect's own API does for real)."""
    request = urllib.request.Request(
        f"{endpoint}/_emulator{path}",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        return dict(json.loads(answer.read()))


@contextlib.contextmanager
def emulator_endpoint(endpoint: str | None) -> Iterator[str]:
    if endpoint:
        yield endpoint.rstrip("/")
        return
    from paws_compat.emulator import Emulator

    with Emulator() as emu:
        yield emu.endpoint


def wait_for(session: ChatSession, who: str, wanted: Callable[[Any], bool]) -> Any:
    """Show every item `session` receives until one is `wanted`; fail loudly after WAIT_SECONDS."""
    import time

    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        for item in session.poll(timeout=min(1.0, max(0.0, deadline - time.monotonic()))):
            show(who, item)
            if wanted(item):
                return item
    raise SystemExit(f"demo: {who} waited {WAIT_SECONDS:.0f} s for an item that never came")


def show(who: str, item: Any) -> None:
    if item.Type == "MESSAGEMETADATA":
        receipts = item.MessageMetadata.Receipts
        if receipts and receipts[0].ReadTimestamp:
            print(f"  [{who} sees] read receipt for {item.MessageMetadata.MessageId[:8]}...")
        return
    kind = item.ContentType.rsplit(".", 1)[-1] if item.Type != "MESSAGE" else "message"
    text = f": {item.Content}" if item.Type == "MESSAGE" else ""
    print(f"  [{who} sees] {item.DisplayName or item.ParticipantRole} ({item.ParticipantRole}) {kind}{text}")


def is_message_from(role: str) -> Callable[[Any], bool]:
    return lambda item: item.Type == "MESSAGE" and item.ParticipantRole == role


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--endpoint", help="a running emulator (default: start one in this process)")
    args = parser.parse_args(argv)

    with emulator_endpoint(args.endpoint) as endpoint:
        print(f"Python: chat on {endpoint}")
        chat = control(endpoint, "/chats", {"DisplayName": "Casey"})
        agent = control(
            endpoint,
            f"/chats/{chat['ContactId']}/participants",
            {"ParticipantRole": "AGENT", "DisplayName": "Alex"},
        )
        svc = paws_compat.connectparticipant(endpoint=endpoint, region="us-east-1")

        # Entering a session connects it: websocket open, subscribed, heartbeats running.
        with (
            ChatSession(svc, chat["ParticipantToken"]) as customer,
            ChatSession(svc, agent["ParticipantToken"]) as agent_session,
        ):
            customer.send_message("Hi, my parcel has not arrived yet.")
            first = wait_for(agent_session, "agent", is_message_from("CUSTOMER"))
            agent_session.send_read_receipt(first.Id)
            agent_session.send_typing()
            agent_session.send_message("Sorry about that. Let me check the tracking for you.")
            agent_session.send_message(
                "It left the depot this morning and arrives **today**.", content_type="text/markdown"
            )
            wait_for(
                customer, "customer", lambda item: is_message_from("AGENT")(item) and "today" in item.Content
            )
            customer.send_message("Great, thank you!")
            wait_for(agent_session, "agent", is_message_from("CUSTOMER"))
            agent_session.disconnect()
            wait_for(
                customer,
                "customer",
                lambda item: (
                    item.ParticipantRole == "AGENT" and item.ContentType.endswith("participant.left")
                ),
            )

            print("Python: the transcript, as GetTranscript returns it")
            for item in customer.transcript_all():
                if item.Type == "MESSAGE":
                    print(f"  {item.AbsoluteTime}  {item.DisplayName:<6} {item.Content}")
            customer.disconnect()
    print("Python: done")
    return 0


if __name__ == "__main__":
    sys.exit(main())

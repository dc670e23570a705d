"""The corpus (tests/port/corpus): realistic paws scripts, each with the chat it expects.

Each script reads what it needs from the environment (CHAT_ENDPOINT, a participant token...);
its setup makes a fresh chat on the emulator for each run, so R and the port see the same state.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import paws_compat

from .harness import Case, Verdict, compare

CORPUS = Path(__file__).resolve().parent / "corpus"
CUSTOMER_MESSAGES = ("hello", "Where is my order?", "thanks")


def customer(emulator: Any) -> dict[str, str]:
    chat = emulator.start_chat(display_name="Customer")
    return {"PARTICIPANT_TOKEN": chat.participant_token}


def customer_then_bot(emulator: Any) -> dict[str, str]:
    """A customer who has already written; the bot joins afterwards and answers."""
    chat = emulator.start_chat(display_name="Customer")
    with paws_compat.connectparticipant(endpoint=emulator.endpoint, region="us-east-1") as svc:
        conn = svc.create_participant_connection(
            Type=["CONNECTION_CREDENTIALS"], ParticipantToken=chat.participant_token, ConnectParticipant=True
        )
        token = conn.ConnectionCredentials.ConnectionToken
        for text in CUSTOMER_MESSAGES:
            svc.send_message(ContentType="text/plain", Content=text, ConnectionToken=token)
    bot = emulator.add_participant(chat.contact_id, role="CUSTOM_BOT", display_name="Bot")
    return {"BOT_TOKEN": bot.participant_token, "EXPECTED_MESSAGES": str(len(CUSTOMER_MESSAGES))}


def customer_with_view(emulator: Any) -> dict[str, str]:
    """A customer, and a view (a step-by-step guide) registered for DescribeView."""
    view_token = emulator.add_view(
        "Guide",
        template='{"Head": {"Title": "Pick"}}',
        input_schema="{}",
        actions=["Submit", "Cancel"],
        version=3,
    )
    return {**customer(emulator), "VIEW_TOKEN": view_token}


def own_chat(emulator: Any) -> dict[str, str]:
    """No chat: the script starts its own through Amazon Connect, signed with these (dummy) keys."""
    return {
        "CONNECT_INSTANCE_ID": "instance-port-corpus",
        "CONNECT_FLOW_ID": "flow-port-corpus",
        "AWS_ACCESS_KEY_ID": "AKIDPORTCORPUS",
        "AWS_SECRET_ACCESS_KEY": "port-corpus-secret-key-not-real",
    }


def nothing(emulator: Any) -> dict[str, str]:
    return {}


# What each script needs; a script not named here needs a customer's chat.
SETUPS: dict[str, Callable[[Any], dict[str, str]]] = {
    "describe_view": customer_with_view,
    "bot_poll": customer_then_bot,
    "purrr_bot": customer_then_bot,
    "start_own_chat": own_chat,
}


def corpus_cases(emulator: Any) -> list[Case]:
    base: Mapping[str, str] = {"CHAT_ENDPOINT": emulator.endpoint, "AWS_REGION": "us-east-1"}
    cases = []
    for script in sorted(CORPUS.glob("*.R")):
        setup = SETUPS.get(script.stem, customer)
        cases.append(Case(script.stem, script.read_text(encoding="utf-8"), base, lambda s=setup: s(emulator)))
    return cases


@contextmanager
def running_emulator() -> Iterator[Any]:
    from paws_compat.emulator import Emulator

    with Emulator() as emu:
        yield emu


def corpus_verdicts() -> list[Verdict]:
    with running_emulator() as emu:
        return compare(corpus_cases(emu))

"""Each corpus script, ported, prints exactly what the R script prints through our R front-end.

Both run against the same emulator, each on a fresh chat set up the same way; standard output,
standard error and the exit status must be identical.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import paws_compat
from r_bridge.port import port_file

from .conftest import CORPUS, run_python, run_r

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


SETUPS: dict[str, Callable[[Any], dict[str, str]]] = {
    "describe_view": customer_with_view,
    "customer_chat": customer,
    "bot_poll": customer_then_bot,
    "attachment": customer,
    "error_handling": customer,
    "config_from_env": customer,
}


def test_every_corpus_script_has_a_setup() -> None:
    assert sorted(p.stem for p in CORPUS.glob("*.R")) == sorted(SETUPS)


@pytest.mark.parametrize("name", sorted(SETUPS))
def test_port_prints_what_r_prints(name: str, emulator: Any, tmp_path: Path) -> None:
    script = CORPUS / f"{name}.R"
    result = port_file(str(script))
    assert result.complete, [u.reason for u in result.unported]
    ported = tmp_path / f"{name}.py"
    ported.write_text(result.code, encoding="utf-8")

    base = {"CHAT_ENDPOINT": emulator.endpoint, "AWS_REGION": "us-east-1"}
    r_run = run_r(script, {**base, **SETUPS[name](emulator)})
    py_run = run_python(ported, {**base, **SETUPS[name](emulator)})

    assert r_run.status == 0, r_run.stderr
    assert r_run.stdout.strip(), "the R script printed nothing"
    assert (py_run.stdout, py_run.stderr, py_run.status) == (r_run.stdout, r_run.stderr, r_run.status)

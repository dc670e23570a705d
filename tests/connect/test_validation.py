"""Client-side validation of Connect calls: the error is also the service's 400 (status_code,
error_response as paws' condition carries them), and nothing is sent."""

from __future__ import annotations

import copy
import pickle
from typing import Any

import pytest

import paws_compat
from paws_compat.emulator import Emulator
from paws_compat.errors import ParamValidationError
from tests.connect.conftest import KEY_ID, SECRET

CREDS = {"creds": {"access_key_id": KEY_ID, "secret_access_key": SECRET}}


def _client(emu: Emulator) -> Any:
    return paws_compat.connect(credentials=CREDS, endpoint=emu.endpoint, region="us-east-1")


def test_a_validation_error_carries_the_services_400(emulator: Emulator) -> None:
    before = len(emulator.requests)
    with _client(emulator) as connect:
        with pytest.raises(ParamValidationError) as caught:
            connect.stop_contact(InstanceId="inst", ContactId="x" * 300)
        assert len(emulator.requests) == before  # nothing was sent
        connect.start_chat_contact(
            InstanceId="inst", ContactFlowId="f", ParticipantDetails={"DisplayName": "C"}
        )
        assert len(emulator.requests) == before + 1  # (the log counts what is sent)
    error = caught.value
    assert error.status_code == 400
    assert error.error_response == {"message": str(error)}
    assert "ContactId: has 300 characters (must be 1-256 characters)" in error.error_response["message"]
    for clone in (pickle.loads(pickle.dumps(error)), copy.copy(error)):
        assert (clone.status_code, clone.error_response) == (400, error.error_response)


def test_a_validation_error_built_by_hand_has_the_fields_too() -> None:
    error = ParamValidationError(["InstanceId: is missing (required)"], "StopContact")
    assert (error.status_code, error.error_response) == (400, {"message": str(error)})
    assert error.code is None and error.request_id is None


def _timers(value: dict[str, Any]) -> dict[str, Any]:
    timer = {"ParticipantRole": "AGENT", "TimerType": "IDLE", "TimerValue": value}
    return {"Chat": {"ParticipantTimerConfigList": [timer]}}


UNION_PATH = "ChannelConfiguration.Chat.ParticipantTimerConfigList[0].TimerValue"
TIMER_RULE = "a union: set exactly one of ParticipantTimerAction, ParticipantTimerDurationInMinutes"


@pytest.mark.parametrize(
    ("channel", "where", "issue", "rule"),
    [
        (_timers({}), UNION_PATH, "has no member set", TIMER_RULE),
        (
            _timers({"ParticipantTimerAction": "Unset", "ParticipantTimerDurationInMinutes": 5}),
            UNION_PATH,
            "has 2 members set (ParticipantTimerAction, ParticipantTimerDurationInMinutes)",
            TIMER_RULE,
        ),
        ({}, "ChannelConfiguration", "has no member set", "a union: set exactly one of Chat"),
    ],
    ids=["none", "two", "empty-argument"],
)
def test_a_union_needs_exactly_one_member_before_sending(
    emulator: Emulator, channel: dict[str, Any], where: str, issue: str, rule: str
) -> None:
    chat = emulator.start_chat_with_agent(instance_id="unions")
    contact = {"InstanceId": "unions", "ContactId": chat.contact_id}
    before = len(emulator.requests)
    with _client(emulator) as connect:
        with pytest.raises(ParamValidationError) as caught:
            connect.update_participant_role_config(**contact, ChannelConfiguration=channel)
        assert len(emulator.requests) == before
        assert [(p.path, p.issue, p.rule) for p in caught.value.problems] == [(where, issue, rule)]
        assert f"{where}: {issue} ({rule})" in str(caught.value)
        assert caught.value.status_code == 400
        # One member set is what the service takes.
        connect.update_participant_role_config(
            **contact, ChannelConfiguration=_timers({"ParticipantTimerDurationInMinutes": 5})
        )
        assert len(emulator.requests) == before + 1


def test_the_model_marks_the_same_unions_as_botocore() -> None:
    import botocore.session

    from paws_compat._model import load_model

    theirs = botocore.session.get_session().get_service_model("connect")
    ours = load_model("connect").shapes
    marked = {name for name, shape in ours.items() if shape.union}
    assert marked == {name for name in ours if getattr(theirs.shape_for(name), "is_tagged_union", False)}
    assert {"ParticipantTimerValue", "UpdateParticipantRoleConfigChannelInfo", "ReferenceSummary"} <= marked

"""A value AWS added after the pinned model (WEBRTC_CONNECTION came later) is not blocked here."""

from __future__ import annotations

import warnings
from typing import Any

import pytest

import paws_compat
from paws_compat.errors import ParamValidationError, UnknownEnumValueWarning


@pytest.fixture
def chat(paws_emulator: Any) -> Any:
    started = paws_emulator.start_chat()
    svc = paws_compat.connectparticipant(endpoint=paws_emulator.endpoint, region="us-east-1")
    return svc, started.participant_token, paws_emulator


@pytest.mark.filterwarnings("default::paws_compat.errors.UnknownEnumValueWarning")
def test_an_unknown_value_is_sent_with_a_warning(chat: Any) -> None:
    svc, token, emulator = chat
    emulator.clear_requests()
    known = r"Type\[1\]: not a value the pinned model knows"
    # the emulator, like the pinned service, refuses it: what matters is that it was sent
    with pytest.warns(UnknownEnumValueWarning, match=known), pytest.raises(paws_compat.ServiceError):
        svc.create_participant_connection(
            Type=["CONNECTION_CREDENTIALS", "NEWER_KIND"], ParticipantToken=token
        )
    assert [r.get("operation") for r in emulator.requests] == ["CreateParticipantConnection"], (
        emulator.requests
    )


def test_strict_enums_by_the_warnings_filter(chat: Any) -> None:
    svc, token, emulator = chat
    emulator.clear_requests()
    with warnings.catch_warnings():
        warnings.simplefilter("error", UnknownEnumValueWarning)
        with pytest.raises(ParamValidationError, match=r"Type\[1\]: is not an allowed value"):
            svc.create_participant_connection(
                Type=["CONNECTION_CREDENTIALS", "NEWER_KIND"], ParticipantToken=token
            )
    assert emulator.requests == [], "nothing is sent"


@pytest.mark.filterwarnings("default::paws_compat.errors.UnknownEnumValueWarning")
def test_a_known_value_in_the_wrong_case_is_still_an_error(chat: Any) -> None:
    svc, token, _ = chat
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # and no warning either
        with pytest.raises(ParamValidationError, match="did you mean WEBSOCKET"):
            svc.create_participant_connection(Type=["websocket"], ParticipantToken=token)

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

"""r_bridge.dispatch: the replies R front-ends decode (no R needed here)."""

from __future__ import annotations

import json

from paws_compat.errors import ParamValidationError, Problem
from r_bridge import dispatch


def test_validation_messages_use_r_words_and_paths() -> None:
    exc = ParamValidationError(
        [Problem("Type[0]", "is a number", "must be a string"),
         Problem("StartPosition.MostRecent", "is 1000", "must be 0-100"),
         Problem("ConnectParticipant", "is a string of 3 characters", "must be True or False"),
         Problem("StartPosition", "is a list of 1 items", "must be a dict of members")],
        operation="GetTranscript",
    )
    assert dispatch.r_validation_message(exc) == (
        "4 invalid arguments for GetTranscript:\n"
        "  - Type[[1]]: is a number (must be a string)\n"
        "  - StartPosition$MostRecent: is 1000 (must be 0-100)\n"
        "  - ConnectParticipant: is a string of 3 characters (must be TRUE or FALSE)\n"
        "  - StartPosition: is a list of 1 items (must be a named list of members)"
    )


def test_r_numbers_become_integers_only_where_the_model_says_integer() -> None:
    from paws_compat._model import load_model

    operation = load_model().operation_by_method("get_transcript")
    args = dispatch.coerce_input(operation.input, {"MaxResults": 15.0, "StartPosition": {"MostRecent": 3.0},
                                                    "ContactId": "c"})
    assert args == {"MaxResults": 15, "StartPosition": {"MostRecent": 3}, "ContactId": "c"}
    assert isinstance(args["MaxResults"], int) and isinstance(args["StartPosition"]["MostRecent"], int)
    assert dispatch.coerce_input(operation.input, {"MaxResults": 2.5}) == {"MaxResults": 2.5}


def test_a_call_reply_is_kind_and_json() -> None:
    from paws_compat.emulator import Emulator

    with Emulator() as emu:
        chat = emu.start_chat()
        kind, client = dispatch.new_client([], [], emu.endpoint, "us-east-1")
        assert kind == dispatch.OK
        args = {"Type": "CONNECTION_CREDENTIALS", "ParticipantToken": chat.participant_token}
        kind, text = dispatch.call(client, "create_participant_connection", args)
        assert kind == dispatch.OK
        body = json.loads(text)
        assert list(body) == ["ConnectionCredentials"]
        kind, text = dispatch.call(client, "send_message",
                                   {"ContentType": "text/plain", "Content": "x", "ConnectionToken": "bad"})
        error = json.loads(text)
        assert kind == dispatch.SERVICE_ERROR
        assert (error["class"], error["status_code"], error["code"]) == ("AccessDeniedException", 403,
                                                                        "AccessDeniedException")
        assert error["message"].startswith("AccessDeniedException (HTTP 403). ")
        assert "bad" not in error["message"]
    kind, text = dispatch.new_client({"max_retries": -1}, None, None, "us-east-1")
    assert kind == dispatch.OTHER_ERROR
    assert json.loads(text)["classes"][-1] == "PawsCompatError"

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
        "  - StartPosition: is a list of length 1 (must be a named list of members)"
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


def test_validation_issues_in_r_terms() -> None:
    exc = ParamValidationError(
        [Problem("ConnectParticipant", "is a list of 2 items", "must be True or False"),
         Problem("MaxResults", "is inf", "must be a finite number"),
         Problem("StartPosition.MostRecent", "is -inf", "must be a finite number"),
         Problem("Content", "is a bytearray", "must be a string"),
         Problem("Type", "is a dict", "must be a list (or tuple)"),
         Problem("MaxResults", "is -1.0", "must be 0-100"),
         Problem("ConnectParticipant", "is a bool", "must be bytes or a base64 string")],
        operation="X",
    )
    lines = dispatch.r_validation_message(exc).splitlines()[1:]
    assert lines == [
        "  - ConnectParticipant: is a vector or list of length 2 (must be TRUE or FALSE)",
        "  - MaxResults: is Inf (must be a finite number)",
        "  - StartPosition$MostRecent: is -Inf (must be a finite number)",
        "  - Content: is a raw vector (must be a string)",
        "  - Type: is a named list (must be a list or a vector)",
        "  - MaxResults: is -1 (must be 0-100)",
        "  - ConnectParticipant: is a logical value (TRUE or FALSE)"
        " (must be a raw vector or a base64 string)",
    ]
    # The Python API's own message is unchanged.
    assert "is a list of 2 items (must be True or False)" in str(exc)


def test_config_errors_in_r_terms_only_for_r() -> None:
    import paws_compat
    from paws_compat.errors import ConfigError

    cases = {
        "config endpoint must be a non-empty string or None, not ['http://a', 'http://b']":
            'config endpoint must be a non-empty string or NULL, not c("http://a", "http://b")',
        "config max_retries must be an integer >= 0, not -1.0":
            "config max_retries must be an integer >= 0, not -1",
        "config max_retries must be an integer >= 0, not 'x'":
            'config max_retries must be an integer >= 0, not "x"',
        "config must be a dict or a paws_compat.Config, not list":
            "config must be a named list, not an unnamed list or a vector of length > 1",
        "config must be a dict or a paws_compat.Config, not str":
            "config must be a named list, not a character string",
        "config use_fips_endpoint must be TRUE/FALSE (a bool), not str":
            "config use_fips_endpoint must be TRUE or FALSE, not a character string",
        "config connect_timeout must be a number of seconds > 0, not inf":
            "config connect_timeout must be a number of seconds > 0, not Inf",
        "the AWS profile 'p' is not in /x": "the AWS profile 'p' is not in /x",
    }
    for python_text, r_text in cases.items():
        assert dispatch.r_config_message(python_text) == r_text
    kind, text = dispatch.new_client({"max_retries": -1.0, "region": "us-east-1"})
    assert kind == dispatch.OTHER_ERROR
    assert json.loads(text)["message"] == "config max_retries must be an integer >= 0, not -1"
    try:
        paws_compat.connectparticipant(config={"max_retries": -1.0, "region": "us-east-1"})
    except ConfigError as exc:
        assert str(exc) == "config max_retries must be an integer >= 0, not -1.0"  # Python's words for Python
    else:
        raise AssertionError("no ConfigError")


def test_chat_call_never_lets_a_python_exception_through() -> None:
    import paws_compat
    from paws_compat.emulator import Emulator

    with Emulator() as emu:
        pair = emu.start_chat_with_agent()
        client = paws_compat.connectparticipant(endpoint=emu.endpoint, region="us-east-1")
        kind, session = dispatch.chat_start(client, pair.customer.participant_token, True, 30.0, None)
        assert kind == dispatch.OK
        try:
            cases = [
                ("send_attachment", {"source": "/nonexistent/x"}, dispatch.OTHER_ERROR, "ChatSessionError"),
                ("send_message", {}, dispatch.VALIDATION_ERROR, "ParamValidationError"),
                ("send_read_receipt", {}, dispatch.VALIDATION_ERROR, "ParamValidationError"),
                ("transcript", {"bogus": 1}, dispatch.VALIDATION_ERROR, "ParamValidationError"),
                ("poll", {"timeout": [1.0, 2.0]}, dispatch.VALIDATION_ERROR, "ParamValidationError"),
            ]
            for method, args, want_kind, want_class in cases:
                kind, text, shape = dispatch.chat_call(session, method, args)
                payload = json.loads(text)
                assert (kind, payload["classes"], shape) == (want_kind, [want_class, "PawsCompatError"], "")
                assert pair.customer.participant_token not in text
                assert payload["message"]
            kind, text, _ = dispatch.chat_call(session, "send_attachment", {"source": "/nonexistent/file"})
            assert "FileNotFoundError" in json.loads(text)["message"]
        finally:
            session.close()


def test_a_fault_message_is_masked() -> None:
    kind, text = dispatch._fault_reply(OSError('refused: {"ConnectionToken": "SECRETTOKEN123"}'))
    assert kind == dispatch.OTHER_ERROR
    assert "SECRETTOKEN123" not in text

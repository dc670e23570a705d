"""Faults on demand, from Python and from the HTTP control interface, as a client meets them."""

from __future__ import annotations

import json
from typing import Any

import pytest
import urllib3
from botocore.exceptions import ClientError, ConnectionClosedError

from paws_compat.emulator import ChatPair, Emulator


def say(participant: Any, token: str, text: str = "hi") -> Any:
    return participant.send_message(ConnectionToken=token, ContentType="text/plain", Content=text)


def control(emulator: Emulator, method: str, path: str, body: Any = None) -> tuple[int, Any]:
    encoded = json.dumps(body).encode() if body is not None else None
    answer = urllib3.request(method, f"{emulator.endpoint}/_emulator{path}", body=encoded, timeout=10)
    return answer.status, json.loads(answer.data) if answer.data else None


def test_a_fault_fires_count_times_on_its_operation_only(
    participant: Any, tokens: tuple[str, str], paws_emulator: Emulator
) -> None:
    paws_emulator.faults.add(operation="SendMessage", status=500, count=2)
    participant.get_transcript(ConnectionToken=tokens[0])
    for _ in range(2):
        with pytest.raises(participant.exceptions.InternalServerException, match="Injected fault"):
            say(participant, tokens[0])
    assert say(participant, tokens[0])["Id"]
    assert paws_emulator.faults.rules == []


def test_a_fault_for_every_operation(
    participant: Any, tokens: tuple[str, str], paws_emulator: Emulator
) -> None:
    paws_emulator.faults.add(status=503, count=None)
    for call in (
        lambda: say(participant, tokens[0]),
        lambda: participant.get_transcript(ConnectionToken=tokens[0]),
    ):
        with pytest.raises(ClientError) as caught:
            call()
        assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 503
    paws_emulator.faults.clear()
    assert say(participant, tokens[0])["Id"]


def test_dropped_connection(participant: Any, tokens: tuple[str, str], paws_emulator: Emulator) -> None:
    paws_emulator.faults.add(operation="SendMessage", drop=True)
    with pytest.raises(ConnectionClosedError):
        say(participant, tokens[0])


def test_non_json_proxy_page(participant: Any, tokens: tuple[str, str], paws_emulator: Emulator) -> None:
    paws_emulator.faults.add(operation="SendMessage", status=502, non_json=True)
    answer = urllib3.request(
        "POST",
        paws_emulator.endpoint + "/participant/message",
        headers={"X-Amz-Bearer": tokens[0]},
        body=b'{"ContentType": "text/plain", "Content": "x"}',
        timeout=10,
    )
    assert answer.status == 502
    assert answer.headers["Content-Type"].startswith("text/html")
    assert answer.data.startswith(b"<html>")


def test_delay_then_a_correct_answer(
    participant: Any, tokens: tuple[str, str], paws_emulator: Emulator
) -> None:
    fault = paws_emulator.faults.delay(0.05, operation="SendMessage")
    assert say(participant, tokens[0])["Id"]
    assert fault.fired == 1


def test_throttling_at_a_rate(participant: Any, tokens: tuple[str, str], paws_emulator: Emulator) -> None:
    paws_emulator.faults.throttle(rate=2, operation="SendMessage")
    outcomes = []
    for _ in range(10):
        try:
            say(participant, tokens[0])
            outcomes.append("ok")
        except participant.exceptions.ThrottlingException as error:
            assert error.response["ResponseMetadata"]["HTTPHeaders"]["x-amz-retry-after"] == "500"
            outcomes.append("throttled")
    assert "ok" in outcomes and "throttled" in outcomes
    assert outcomes[0] == "ok"


def test_custom_error_type_and_message(
    participant: Any, tokens: tuple[str, str], paws_emulator: Emulator
) -> None:
    paws_emulator.faults.add(
        operation="GetTranscript", status=403, error_type="AccessDeniedException", message="Token expired"
    )
    with pytest.raises(participant.exceptions.AccessDeniedException, match="Token expired"):
        participant.get_transcript(ConnectionToken=tokens[0])


@pytest.mark.parametrize(
    "kwargs",
    [{"operation": "NoSuchOperation"}, {"count": 0}, {"rate": -1.0}, {"delay": -1.0}],
)
def test_bad_fault_rules_are_refused(paws_emulator: Emulator, kwargs: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        paws_emulator.faults.add(**kwargs)


def test_faults_through_the_control_interface(
    participant: Any, tokens: tuple[str, str], paws_emulator: Emulator
) -> None:
    status, added = control(paws_emulator, "POST", "/faults", {"operation": "SendMessage", "status": 429})
    assert status == 200 and added["error_type"] is None and added["count"] == 1
    assert control(paws_emulator, "GET", "/faults")[1]["Faults"][0]["operation"] == "SendMessage"
    with pytest.raises(participant.exceptions.ThrottlingException):
        say(participant, tokens[0])
    control(paws_emulator, "POST", "/faults", {"status": 500, "count": None})
    assert control(paws_emulator, "DELETE", "/faults")[0] == 200
    assert say(participant, tokens[0])["Id"]
    assert control(paws_emulator, "POST", "/faults", {"bogus": 1})[0] == 400
    assert control(paws_emulator, "POST", "/faults/websocket", {"kind": "ping_500", "count": 1})[0] == 200
    assert control(paws_emulator, "POST", "/faults/websocket", {"kind": "nonsense"})[0] == 400


def test_each_logged_call_names_its_chat(connect: Any, participant: Any, paws_emulator: Emulator) -> None:
    started = connect.start_chat_contact(
        InstanceId="i", ContactFlowId="f", ParticipantDetails={"DisplayName": "C"}
    )
    opened = participant.create_participant_connection(
        Type=["CONNECTION_CREDENTIALS"], ParticipantToken=started["ParticipantToken"]
    )
    say(participant, opened["ConnectionCredentials"]["ConnectionToken"])
    connect.stop_contact(InstanceId="i", ContactId=started["ContactId"])
    with pytest.raises(ClientError):
        say(participant, "never-handed-out")
    named = [(r["operation"], r["contact_id"]) for r in paws_emulator.requests]
    chat = started["ContactId"]
    assert named == [
        ("StartChatContact", chat),
        ("CreateParticipantConnection", chat),
        ("SendMessage", chat),
        ("StopContact", chat),
        ("SendMessage", None),
    ]


def test_one_fault_is_cleared_alone_through_the_control_interface(
    participant: Any, tokens: tuple[str, str], paws_emulator: Emulator
) -> None:
    kept = control(paws_emulator, "POST", "/faults", {"operation": "GetTranscript", "count": None})[1]
    gone = control(paws_emulator, "POST", "/faults", {"operation": "SendMessage", "count": None})[1]
    assert kept["id"] != gone["id"]
    assert control(paws_emulator, "DELETE", f"/faults/{gone['id']}")[0] == 200
    assert say(participant, tokens[0])["Id"]
    assert [f["id"] for f in control(paws_emulator, "GET", "/faults")[1]["Faults"]] == [kept["id"]]
    assert control(paws_emulator, "DELETE", f"/faults/{gone['id']}")[0] == 404
    control(paws_emulator, "POST", "/faults/websocket", {"kind": "ping_500"})
    control(paws_emulator, "POST", "/faults/websocket", {"kind": "silent_heartbeat"})
    assert control(paws_emulator, "DELETE", "/faults/websocket/ping_500") == (200, {"WasOn": True})
    assert paws_emulator.faults.armed_socket_faults() == {"silent_heartbeat": -1}
    assert control(paws_emulator, "DELETE", "/faults/websocket/ping_500") == (200, {"WasOn": False})
    assert control(paws_emulator, "DELETE", "/faults/websocket/drop")[0] == 400


def test_chats_through_the_control_interface(paws_emulator: Emulator, participant: Any) -> None:
    status, chat = control(
        paws_emulator,
        "POST",
        "/chats",
        {"DisplayName": "Rita", "InitialMessage": {"ContentType": "text/plain", "Content": "hello"}},
    )
    assert status == 200 and set(chat) >= {"ContactId", "ParticipantId", "ParticipantToken", "InstanceId"}
    status, agent = control(
        paws_emulator,
        "POST",
        f"/chats/{chat['ContactId']}/participants",
        {"DisplayName": "Al", "ParticipantRole": "AGENT"},
    )
    assert status == 200 and agent["ParticipantToken"]
    status, injected = control(
        paws_emulator,
        "POST",
        f"/chats/{chat['ContactId']}/items",
        {"Item": {"Type": "MESSAGE", "ContentType": "text/plain", "Content": "bot"}},
    )
    assert status == 200 and injected["Item"]["Id"]
    status, state = control(paws_emulator, "GET", f"/chats/{chat['ContactId']}")
    assert state["ItemCount"] == 4 and [p["DisplayName"] for p in state["Participants"]] == ["Rita", "Al"]
    assert chat["ParticipantToken"] not in json.dumps(state)
    status, view = control(paws_emulator, "POST", "/views", {"Name": "Form", "Template": "{}"})
    assert status == 200 and view["ViewToken"]
    assert control(paws_emulator, "POST", "/sockets/drop", {"ContactId": chat["ContactId"]})[1] == {
        "Dropped": 0
    }
    assert control(paws_emulator, "POST", f"/chats/{chat['ContactId']}/stop")[0] == 200
    assert control(paws_emulator, "GET", f"/chats/{chat['ContactId']}")[1]["Active"] is False
    assert control(paws_emulator, "GET", "/chats/unknown")[0] == 404
    assert control(paws_emulator, "GET", "/health")[1]["status"] == "ok"


def test_request_log_masks_tokens(
    participant: Any, tokens: tuple[str, str], paws_emulator: Emulator, paws_chat: ChatPair
) -> None:
    say(participant, tokens[0])
    status, logged = control(paws_emulator, "GET", "/requests")
    assert status == 200
    text = json.dumps(logged) + json.dumps(paws_emulator.requests)
    for secret in (*tokens, paws_chat.customer.participant_token, paws_chat.agent.participant_token):
        assert secret not in text
    entry = [r for r in logged["Requests"] if r["operation"] == "SendMessage"][-1]
    assert entry["bearer"] == "****" and entry["status"] == 200
    assert entry["contact_id"] == paws_chat.contact_id  # which chat, known from the token
    assert control(paws_emulator, "DELETE", "/requests")[0] == 200
    assert paws_emulator.requests == []

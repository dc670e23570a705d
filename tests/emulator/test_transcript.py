"""GetTranscript as the model describes it: MaxResults (default 10, at most 100), NextToken,
ScanDirection, SortOrder and StartPosition by Id, AbsoluteTime or MostRecent.

The oracle is the chat's stored items in time order (`Emulator.transcript`); every page must be a
window of that list, scanned and sorted as asked.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError

from paws_compat.emulator import ChatPair, Emulator
from tests.emulator.test_errors import _unvalidated

COUNT = 40


@pytest.fixture
def chat(paws_emulator: Emulator, paws_chat: ChatPair) -> ChatPair:
    """A chat with two joined events and COUNT messages one second apart, in the year 2020."""
    for n in range(COUNT):
        paws_emulator.inject_item(
            paws_chat.contact_id,
            {
                "Type": "MESSAGE",
                "ContentType": "text/plain",
                "Content": f"m{n}",
                "ParticipantRole": "AGENT",
                "AbsoluteTime": f"2020-01-01T00:00:{n:02d}.000Z",
            },
        )
    return paws_chat


@pytest.fixture
def ids(paws_emulator: Emulator, chat: ChatPair) -> list[str]:
    """Every item Id, oldest first."""
    return [item["Id"] for item in paws_emulator.transcript(chat.contact_id)]


def page(participant: Any, token: str, **kwargs: Any) -> tuple[list[str], str | None]:
    answer = participant.get_transcript(ConnectionToken=token, **kwargs)
    return [item["Id"] for item in answer["Transcript"]], answer.get("NextToken")


def test_default_is_the_10_most_recent_newest_first(
    participant: Any, tokens: tuple[str, str], ids: list[str]
) -> None:
    # botocore's GetTranscriptRequest.MaxResults: "The maximum number of results to return in the
    # page. Default: 10."
    got, next_token = page(participant, tokens[0])
    assert got == ids[::-1][:10]
    assert next_token
    following, _ = page(participant, tokens[0], NextToken=next_token)
    assert following == ids[::-1][10:20]


def test_backward_pages_cover_everything_once(
    participant: Any, tokens: tuple[str, str], ids: list[str]
) -> None:
    seen: list[str] = []
    next_token: str | None = None
    for _ in range(10):
        kwargs = {"NextToken": next_token} if next_token else {}
        got, next_token = page(participant, tokens[0], MaxResults=7, SortOrder="ASCENDING", **kwargs)
        assert len(got) <= 7
        seen = got + seen
        if next_token is None:
            break
    assert seen == ids


def test_forward_from_the_first_item_pages_in_order(
    participant: Any, tokens: tuple[str, str], ids: list[str]
) -> None:
    got, next_token = page(
        participant, tokens[0], StartPosition={"Id": ids[0]}, MaxResults=100, SortOrder="ASCENDING"
    )
    assert got == ids and next_token is None


def test_forward_by_id_with_descending_sort(
    participant: Any, tokens: tuple[str, str], ids: list[str]
) -> None:
    got, next_token = page(
        participant,
        tokens[0],
        StartPosition={"Id": ids[10]},
        ScanDirection="FORWARD",
        MaxResults=5,
        SortOrder="DESCENDING",
    )
    assert got == ids[10:15][::-1]
    following, _ = page(participant, tokens[0], NextToken=next_token, MaxResults=5, SortOrder="ASCENDING")
    assert following == ids[15:20]


def test_backward_from_an_id(participant: Any, tokens: tuple[str, str], ids: list[str]) -> None:
    got, _ = page(
        participant,
        tokens[0],
        StartPosition={"Id": ids[10]},
        ScanDirection="BACKWARD",
        MaxResults=4,
        SortOrder="ASCENDING",
    )
    assert got == ids[7:11]


def test_by_absolute_time(
    participant: Any, tokens: tuple[str, str], ids: list[str], paws_emulator: Emulator, chat: ChatPair
) -> None:
    times = {item["Id"]: item["AbsoluteTime"] for item in paws_emulator.transcript(chat.contact_id)}
    forward, _ = page(
        participant,
        tokens[0],
        StartPosition={"AbsoluteTime": "2020-01-01T00:00:05.500Z"},
        MaxResults=3,
        SortOrder="ASCENDING",
    )
    assert [times[i] for i in forward] == [f"2020-01-01T00:00:{n:02d}.000Z" for n in (6, 7, 8)]
    backward, _ = page(
        participant,
        tokens[0],
        StartPosition={"AbsoluteTime": "2020-01-01T00:00:05.000Z"},
        ScanDirection="BACKWARD",
        MaxResults=2,
        SortOrder="ASCENDING",
    )
    assert [times[i] for i in backward] == ["2020-01-01T00:00:04.000Z", "2020-01-01T00:00:05.000Z"]


def test_most_recent(participant: Any, tokens: tuple[str, str], ids: list[str]) -> None:
    got, next_token = page(participant, tokens[0], StartPosition={"MostRecent": 2}, SortOrder="ASCENDING")
    assert got == ids[-3:] and next_token is None


def test_max_results_zero_gives_an_empty_page(
    participant: Any, tokens: tuple[str, str], ids: list[str]
) -> None:
    got, _ = page(participant, tokens[0], MaxResults=0)
    assert got == []


def test_all_of_a_long_chat_at_100_a_page(
    participant: Any, tokens: tuple[str, str], ids: list[str], paws_emulator: Emulator, chat: ChatPair
) -> None:
    for n in range(120):
        paws_emulator.inject_item(
            chat.contact_id, {"Type": "MESSAGE", "ContentType": "text/plain", "Content": f"more {n}"}
        )
    everything = [item["Id"] for item in paws_emulator.transcript(chat.contact_id)]
    first, next_token = page(
        participant, tokens[0], StartPosition={"Id": everything[0]}, MaxResults=100, SortOrder="ASCENDING"
    )
    second, last = page(participant, tokens[0], NextToken=next_token, MaxResults=100, SortOrder="ASCENDING")
    assert first + second == everything and len(first) == 100 and last is None


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"StartPosition": {"Id": "x", "MostRecent": 1}}, "only one of"),
        ({"StartPosition": {"Id": "no-such-item"}}, "StartPosition.Id"),
        ({"StartPosition": {"AbsoluteTime": "yesterday"}}, "AbsoluteTime"),
        ({"NextToken": "garbage"}, "NextToken"),
        ({"MaxResults": 101}, "MaxResults"),
        ({"ScanDirection": "SIDEWAYS"}, "ScanDirection"),
        ({"SortOrder": "RANDOM"}, "SortOrder"),
    ],
)
def test_bad_requests_are_validation_errors(
    paws_emulator: Emulator, tokens: tuple[str, str], ids: list[str], kwargs: dict[str, Any], fragment: str
) -> None:
    raw = _unvalidated(paws_emulator, "connectparticipant")
    with pytest.raises(ClientError) as caught:
        raw.get_transcript(ConnectionToken=tokens[0], **kwargs)
    assert caught.value.response["Error"]["Code"] == "ValidationException"
    assert fragment in caught.value.response["Error"]["Message"]


def test_next_token_of_another_chat_is_refused(
    participant: Any, tokens: tuple[str, str], ids: list[str], paws_emulator: Emulator, connection_token: Any
) -> None:
    _, next_token = page(participant, tokens[0], MaxResults=1)
    other = paws_emulator.start_chat()
    with pytest.raises(participant.exceptions.ValidationException):
        participant.get_transcript(
            ConnectionToken=connection_token(other.participant_token), NextToken=next_token
        )


def test_another_chats_contact_id_is_denied(
    participant: Any, tokens: tuple[str, str], paws_emulator: Emulator
) -> None:
    other = paws_emulator.start_chat()
    with pytest.raises(participant.exceptions.AccessDeniedException):
        participant.get_transcript(ConnectionToken=tokens[0], ContactId=other.contact_id)


def test_persistent_chat_continues_the_history(
    connect: Any, participant: Any, paws_emulator: Emulator, connection_token: Any
) -> None:
    first = paws_emulator.start_chat(instance_id="persistent", initial_message="before")
    paws_emulator.stop_contact(first.contact_id)
    second = connect.start_chat_contact(
        InstanceId="persistent",
        ContactFlowId="flow",
        ParticipantDetails={"DisplayName": "Customer"},
        PersistentChat={"RehydrationType": "ENTIRE_PAST_SESSION", "SourceContactId": first.contact_id},
    )
    assert second["ContinuedFromContactId"] == first.contact_id
    token = connection_token(second["ParticipantToken"])
    answer = participant.get_transcript(ConnectionToken=token, SortOrder="ASCENDING", MaxResults=100)
    assert answer["InitialContactId"] == first.contact_id
    assert "before" in [item.get("Content") for item in answer["Transcript"]]
    earlier = participant.get_transcript(ConnectionToken=token, ContactId=first.contact_id)
    assert earlier["InitialContactId"] == first.contact_id


def test_persistent_chat_marks_past_session_items_with_related_contact_id(
    connect: Any, participant: Any, paws_emulator: Emulator, connection_token: Any
) -> None:
    """The model's Item: ContactId only for items of the current session; RelatedContactId (the
    contact an item was originally sent on) only for items from a past session."""
    first = paws_emulator.start_chat(instance_id="persistent", initial_message="first session")
    paws_emulator.stop_contact(first.contact_id)

    def continue_from(source: str, text: str) -> tuple[str, str]:
        started = connect.start_chat_contact(
            InstanceId="persistent",
            ContactFlowId="flow",
            ParticipantDetails={"DisplayName": "Customer"},
            InitialMessage={"ContentType": "text/plain", "Content": text},
            PersistentChat={"RehydrationType": "ENTIRE_PAST_SESSION", "SourceContactId": source},
        )
        return started["ContactId"], connection_token(started["ParticipantToken"])

    second, _ = continue_from(first.contact_id, "second session")
    paws_emulator.stop_contact(second)
    third, token = continue_from(second, "third session")

    items = participant.get_transcript(ConnectionToken=token, SortOrder="ASCENDING", MaxResults=100)[
        "Transcript"
    ]
    sent_on = {item["Content"]: item for item in items if item["Type"] == "MESSAGE"}
    assert set(sent_on) == {"first session", "second session", "third session"}
    for text, contact_id in (("first session", first.contact_id), ("second session", second)):
        assert sent_on[text]["RelatedContactId"] == contact_id
        assert "ContactId" not in sent_on[text]
    assert sent_on["third session"]["ContactId"] == third
    assert "RelatedContactId" not in sent_on["third session"]
    for item in items:
        assert ("ContactId" in item) != ("RelatedContactId" in item), item
    # The source contact's own items are not changed by the copy.
    assert all(item["ContactId"] == first.contact_id for item in paws_emulator.transcript(first.contact_id))


def test_a_receipt_on_a_copied_item_leaves_the_past_contact_alone(
    connect: Any, participant: Any, paws_emulator: Emulator, connection_token: Any
) -> None:
    read = "application/vnd.amazonaws.connect.event.message.read"
    first = paws_emulator.start_chat(instance_id="persistent", initial_message="hello")
    first_token = connection_token(first.participant_token)
    (message,) = [i for i in paws_emulator.transcript(first.contact_id) if i["Type"] == "MESSAGE"]
    receipt = json.dumps({"messageId": message["Id"]})
    participant.send_event(ContentType=read, Content=receipt, ConnectionToken=first_token)
    paws_emulator.stop_contact(first.contact_id)
    started = connect.start_chat_contact(
        InstanceId="persistent",
        ContactFlowId="flow",
        ParticipantDetails={"DisplayName": "Customer"},
        PersistentChat={"RehydrationType": "ENTIRE_PAST_SESSION", "SourceContactId": first.contact_id},
    )
    second_token = connection_token(started["ParticipantToken"])
    participant.send_event(ContentType=read, Content=receipt, ConnectionToken=second_token)
    (original,) = [i for i in paws_emulator.transcript(first.contact_id) if i["Type"] == "MESSAGE"]
    (copied,) = [i for i in paws_emulator.transcript(started["ContactId"]) if i["Type"] == "MESSAGE"]
    assert len(original["MessageMetadata"]["Receipts"]) == 1
    assert len(copied["MessageMetadata"]["Receipts"]) == 2

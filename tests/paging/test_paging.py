"""Paging over GetTranscript: paws' paginate() and boto3's paginator, against boto3's own paginator."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest

import paws_compat
from paws_compat import PaginationError, paginate
from paws_compat._model import model_path
from paws_compat.errors import ParamValidationError

ITEMS = 23


@pytest.fixture(scope="module")
def chat(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    from paws_compat.emulator import Emulator

    with Emulator() as emu:
        started = emu.start_chat(display_name="Customer")
        for n in range(ITEMS):
            emu.inject_item(
                started.contact_id,
                {
                    "Type": "MESSAGE",
                    "ContentType": "text/plain",
                    "Content": f"m{n}",
                    "ParticipantRole": "AGENT",
                },
            )
        svc = paws_compat.connectparticipant(endpoint=emu.endpoint, region="us-east-1")
        conn = svc.create_participant_connection(
            Type=["CONNECTION_CREDENTIALS"],
            ParticipantToken=started.participant_token,
            ConnectParticipant=True,
        )
        every = [item["Id"] for item in emu.transcript(started.contact_id)]
        yield {
            "emu": emu,
            "svc": svc,
            "token": conn.ConnectionCredentials.ConnectionToken,
            "ids": every,
            "data_dir": tmp_path_factory.mktemp("botocore-data"),
        }


def ids(pages: Any) -> list[list[str]]:
    return [[item.Id if hasattr(item, "Id") else item["Id"] for item in page["Transcript"]] for page in pages]


def flat(pages: Any) -> list[str]:
    return [i for page in ids(pages) for i in page]


def boto3_client(chat: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> Any:
    """boto3's client, its paginator given our model's definition (botocore has none for it)."""
    target = chat["data_dir"] / "connectparticipant" / "2018-09-07"
    target.mkdir(parents=True, exist_ok=True)
    paginators = json.loads(Path(model_path()).read_text())["paginators"]
    (target / "paginators-1.json").write_text(json.dumps({"pagination": paginators}))
    monkeypatch.setenv("AWS_DATA_PATH", str(chat["data_dir"]))
    session = boto3.session.Session(aws_access_key_id="x", aws_secret_access_key="y", region_name="us-east-1")
    return session.client("connectparticipant", endpoint_url=chat["emu"].endpoint)


def test_paws_paginate_returns_every_page(chat: dict[str, Any]) -> None:
    pages = paginate(chat["svc"].get_transcript, ConnectionToken=chat["token"], PageSize=5)
    assert [len(p) for p in ids(pages)][:4] == [5, 5, 5, 5]
    assert sorted(flat(pages)) == sorted(chat["ids"])
    assert len(set(flat(pages))) == len(chat["ids"])
    assert all(page.InitialContactId == pages[0].InitialContactId for page in pages)


def test_the_same_pages_as_boto3s_paginator(chat: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    theirs = boto3_client(chat, monkeypatch).get_paginator("get_transcript")
    ours = chat["svc"].get_paginator("get_transcript")
    for config in ({"PageSize": 4}, {"PageSize": 6, "MaxItems": 9}, {"PageSize": 5, "MaxItems": 10}, {}):
        their_run = theirs.paginate(ConnectionToken=chat["token"], PaginationConfig=config)
        our_run = ours.paginate(ConnectionToken=chat["token"], PaginationConfig=config)
        assert ids(our_run) == ids(their_run), config
        assert our_run.resume_token == their_run.resume_token, config
        # A fresh run each: botocore's page iterator is not meant to be iterated twice.
        full_theirs = theirs.paginate(
            ConnectionToken=chat["token"], PaginationConfig=config
        ).build_full_result()
        full_ours = ours.paginate(ConnectionToken=chat["token"], PaginationConfig=config).build_full_result()
        assert flat([full_ours]) == flat([full_theirs])
        assert (full_ours.NextToken or None) == full_theirs.get("NextToken"), config
        assert full_ours.InitialContactId == full_theirs["InitialContactId"]


def test_resume_tokens_work_across_the_two(chat: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    theirs = boto3_client(chat, monkeypatch).get_paginator("get_transcript")
    ours = chat["svc"].get_paginator("get_transcript")
    first = theirs.paginate(ConnectionToken=chat["token"], PaginationConfig={"PageSize": 4, "MaxItems": 7})
    seen = flat(first)
    assert len(seen) == 7 and first.resume_token
    rest = ours.paginate(
        ConnectionToken=chat["token"], PaginationConfig={"PageSize": 4, "StartingToken": first.resume_token}
    )
    assert seen + flat(rest) == flat(
        ours.paginate(ConnectionToken=chat["token"], PaginationConfig={"PageSize": 4})
    )
    mine = paginate(chat["svc"].get_transcript, ConnectionToken=chat["token"], PageSize=4, MaxItems=10)
    assert len(flat(mine)) == 10
    run = ours.paginate(ConnectionToken=chat["token"], PaginationConfig={"PageSize": 4, "MaxItems": 10})
    list(run)
    back = theirs.paginate(
        ConnectionToken=chat["token"], PaginationConfig={"PageSize": 4, "StartingToken": run.resume_token}
    )
    assert flat(mine) + flat(back) == seen + flat(rest)


def test_search_and_can_paginate(chat: dict[str, Any]) -> None:
    svc = chat["svc"]
    assert svc.can_paginate("get_transcript") and svc.can_paginate("GetTranscript")
    assert not svc.can_paginate("send_message")
    contents = list(
        svc.get_paginator("get_transcript")
        .paginate(ConnectionToken=chat["token"])
        .search("Transcript[].Content")
    )
    assert sorted(c for c in contents if c.startswith("m")) == sorted(f"m{n}" for n in range(ITEMS))


def test_bad_paging_arguments_are_named(chat: dict[str, Any]) -> None:
    svc = chat["svc"]
    with pytest.raises(ParamValidationError, match="MaxItems"):
        paginate(svc.get_transcript, ConnectionToken=chat["token"], MaxItems=0)
    with pytest.raises(ParamValidationError, match=r"PaginationConfig\.Limit"):
        svc.get_paginator("get_transcript").paginate(
            ConnectionToken=chat["token"], PaginationConfig={"Limit": 1}
        )
    with pytest.raises(ParamValidationError, match="StartingToken"):
        paginate(svc.get_transcript, ConnectionToken=chat["token"], NextToken="abc")
    with pytest.raises(
        paws_compat.PawsCompatError, match="cannot be paginated; operations that can: get_transcript"
    ):
        svc.get_paginator("send_message")
    with pytest.raises(TypeError, match="client's method"):
        paginate(lambda **kw: None)


def test_a_repeated_token_stops_or_fails(chat: dict[str, Any]) -> None:
    """A service that hands back the token it was given would page for ever."""
    svc = chat["svc"]
    page = svc.get_transcript(ConnectionToken=chat["token"], MaxResults=2)

    class Stuck:
        def get_transcript(self, **members: Any) -> Any:
            return page  # the same NextToken every time

    with pytest.raises(PaginationError, match="same NextToken twice"):
        paginate(Stuck().get_transcript, ConnectionToken="t")
    assert len(paginate(Stuck().get_transcript, ConnectionToken="t", StopOnSameToken=True)) == 2

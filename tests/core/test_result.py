"""Results shaped like paws' lists: filled, ordered, typed empties, masked reprs, R's str() layout."""

from __future__ import annotations

import copy
import json
import os
import pickle
import random
import string
import subprocess
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paws_compat._model import Operation, ServiceModel, Shape, load_model
from paws_compat._redact import is_sensitive, mask, secret_headers
from paws_compat._result import (
    EMPTY_CHARACTER,
    EMPTY_LOGICAL,
    EMPTY_NUMERIC,
    Record,
    TypedEmpty,
    empty_for,
    parse_output,
)
from paws_compat.errors import ResponseParseError
from tests.core.conftest import CANARY
from tests.core.samples import full_output

MODEL = load_model("connectparticipant")
CONNECT = load_model("connect")
OPERATIONS = sorted(MODEL.operations.values(), key=lambda op: op.name)
OP = MODEL.operations
ALL_OUTPUTS = [op.output for op in [*OPERATIONS, *CONNECT.operations.values()] if op.output is not None]
TIME = "2019-11-25T21:56:46.045Z"


def output(op: Operation) -> Shape:
    assert op.output is not None
    return op.output


def check_filled(value: Any, shape: Shape) -> None:
    """Every member of every structure is there, in model order, typed as the table says."""
    if shape.type == "structure":
        assert isinstance(value, Record)
        assert value.shape is shape
        assert list(value) == list(shape.members)
        for name, member in shape.members.items():
            check_filled(value[name], member.shape)
    elif shape.type == "list":
        assert isinstance(value, list)
        assert shape.member is not None
        for item in value:
            if item is not None:
                check_filled(item, shape.member)
    elif shape.type == "map":
        assert isinstance(value, dict)
    elif isinstance(value, TypedEmpty):
        assert value.r_type == shape.r_type
    else:
        assert isinstance(value, str | bool | int | float)


# ---- filling, order, unknown members ------------------------------------------------------------


@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: op.name)
def test_full_response_in_model_order_unknowns_dropped(op: Operation) -> None:
    full = full_output(op)
    shuffled = dict(reversed(list({**full, "Unknown": {"x": 1}}.items())))
    result = parse_output(output(op), json.loads(json.dumps(shuffled)))
    check_filled(result, output(op))
    assert result.to_dict() == full
    assert list(result.to_dict()) == list(full)
    assert "Unknown" not in result
    json.dumps(result.to_dict())


@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: op.name)
@pytest.mark.parametrize("body", [{}, None], ids=["empty", "null"])
def test_empty_response_is_all_typed_empties(op: Operation, body: Any) -> None:
    result = parse_output(output(op), body)
    check_filled(result, output(op))
    assert result.to_dict() == {}
    for name, member in output(op).members.items():
        value = result[name]
        if member.shape.type == "structure":
            assert value == {n: empty_for(m.shape) for n, m in member.shape.members.items()}
        else:
            assert len(value) == 0 and not value


@pytest.mark.parametrize(
    ("model_type", "empty"),
    [
        ("string", EMPTY_CHARACTER),
        ("timestamp", EMPTY_CHARACTER),
        ("blob", EMPTY_CHARACTER),
        ("boolean", EMPTY_LOGICAL),
        ("integer", EMPTY_NUMERIC),
        ("long", EMPTY_NUMERIC),
        ("double", EMPTY_NUMERIC),
        ("float", EMPTY_NUMERIC),
    ],
)
def test_absent_scalars_are_typed_empties_per_paws_table(model_type: str, empty: TypedEmpty) -> None:
    assert empty_for(Shape("S", model_type)) is empty


def test_absent_lists_and_maps_are_fresh_empties() -> None:
    first = parse_output(output(OP["GetTranscript"]), {})
    second = parse_output(output(OP["GetTranscript"]), {})
    assert first.Transcript == [] and first.Transcript is not second.Transcript
    upload = parse_output(output(OP["StartAttachmentUpload"]), {"UploadMetadata": {"Url": "u"}})
    assert upload.UploadMetadata.HeadersToInclude == {}
    assert upload.UploadMetadata.UrlExpiry is EMPTY_CHARACTER


def test_null_members_count_as_absent() -> None:
    result = parse_output(
        output(OP["CreateParticipantConnection"]),
        {"Websocket": None, "ConnectionCredentials": {"ConnectionToken": None, "Expiry": TIME}},
    )
    assert list(result.Websocket.values()) == [EMPTY_CHARACTER, EMPTY_CHARACTER]
    assert result.ConnectionCredentials.ConnectionToken is EMPTY_CHARACTER
    assert result.to_dict() == {"ConnectionCredentials": {"Expiry": TIME}}


def test_numbers_booleans_lists_and_maps_as_paws_holds_them() -> None:
    view = parse_output(
        output(OP["DescribeView"]),
        {"View": {"Id": "v", "Version": 3.0, "Content": {"Actions": ["Submit", "Cancel"], "Template": "t"}}},
    )
    assert view.View.Version == 3 and type(view.View.Version) is int
    assert view.View.Content.Actions == ["Submit", "Cancel"]
    assert type(view.View.Content.Actions) is list
    attachment = parse_output(output(OP["GetAttachment"]), {"AttachmentSizeInBytes": 1048576})
    assert attachment.AttachmentSizeInBytes == 1048576
    upload = parse_output(
        output(OP["StartAttachmentUpload"]),
        {"UploadMetadata": {"HeadersToInclude": {"Content-Type": "image/png", "x-amz-meta-a": "b"}}},
    )
    assert upload.UploadMetadata.HeadersToInclude == {"Content-Type": "image/png", "x-amz-meta-a": "b"}


def test_lists_of_structures_are_lists_of_filled_records() -> None:
    result = parse_output(
        output(OP["GetTranscript"]),
        {
            "Transcript": [
                {"Id": "1", "Type": "MESSAGE", "Attachments": [{"AttachmentId": "a"}]},
                {"Id": "2", "MessageMetadata": {"Receipts": [{"ReadTimestamp": TIME}]}},
            ]
        },
    )
    first, second = result.Transcript
    assert isinstance(first, Record) and first.Id == "1" and first.Content is EMPTY_CHARACTER
    assert first.Attachments[0].AttachmentId == "a"
    assert first.Attachments[0].Status is EMPTY_CHARACTER
    assert second.MessageMetadata.Receipts[0].ReadTimestamp == TIME
    assert second.MessageMetadata.Receipts[0].DeliveredTimestamp is EMPTY_CHARACTER
    assert result.to_dict() == {
        "Transcript": [
            {"Id": "1", "Type": "MESSAGE", "Attachments": [{"AttachmentId": "a"}]},
            {"Id": "2", "MessageMetadata": {"Receipts": [{"ReadTimestamp": TIME}]}},
        ]
    }


def test_present_but_empty_containers_stay_in_to_dict() -> None:
    result = parse_output(output(OP["GetTranscript"]), {"Transcript": [], "NextToken": "n"})
    assert result.to_dict() == {"Transcript": [], "NextToken": "n"}
    view = parse_output(output(OP["DescribeView"]), {"View": {}})
    assert view.to_dict() == {"View": {}}


def test_operations_without_output_members_take_any_body() -> None:
    for op in OPERATIONS:
        if output(op).members:
            continue
        for body in ({}, {"x": 1}, [1, 2], "text", None):
            result = parse_output(output(op), body)
            assert dict(result) == {} and result.to_dict() == {}
    assert dict(parse_output(None, {"x": 1})) == {}


# ---- Record behaviour ---------------------------------------------------------------------------


def connection() -> Record:
    return parse_output(
        output(OP["CreateParticipantConnection"]),
        {
            "Websocket": {"Url": f"wss://x/connect?AuthToken={CANARY}", "ConnectionExpiry": TIME},
            "ConnectionCredentials": {"ConnectionToken": CANARY, "Expiry": TIME},
            "WebRTCConnection": {"Attendee": {"AttendeeId": "at", "JoinToken": CANARY}},
        },
    )


def test_record_is_a_read_only_mapping_with_attribute_access() -> None:
    resp = connection()
    assert isinstance(resp, Mapping)
    assert resp["Websocket"]["Url"] == resp.Websocket.Url == f"wss://x/connect?AuthToken={CANARY}"
    assert resp.get("Nope") is None and "Websocket" in resp and "Nope" not in resp
    assert list(resp.keys()) == ["Websocket", "ConnectionCredentials", "WebRTCConnection"]
    assert len(resp) == 3
    with pytest.raises(TypeError):
        resp["Websocket"] = 1
    with pytest.raises(AttributeError, match="read-only"):
        resp.Websocket = 1
    with pytest.raises(AttributeError, match="read-only"):
        del resp.Websocket
    with pytest.raises(
        AttributeError, match="has no member 'Nope'; members: Websocket, ConnectionCredentials"
    ):
        resp.Nope  # noqa: B018
    with pytest.raises(KeyError):
        resp["Nope"]
    assert "Websocket" in dir(resp) and "to_dict" in dir(resp)
    assert resp.shape is output(OP["CreateParticipantConnection"])
    assert resp.Websocket == {"Url": f"wss://x/connect?AuthToken={CANARY}", "ConnectionExpiry": TIME}


def test_to_dict_keeps_tokens_the_user_asked_for() -> None:
    data = connection().to_dict()
    assert data["ConnectionCredentials"]["ConnectionToken"] == CANARY
    assert data["WebRTCConnection"] == {"Attendee": {"AttendeeId": "at", "JoinToken": CANARY}}
    assert "Meeting" not in data["WebRTCConnection"]


def test_typed_empties() -> None:
    empties = (EMPTY_CHARACTER, EMPTY_LOGICAL, EMPTY_NUMERIC)
    assert [repr(e) for e in empties] == ["character(0)", "logical(0)", "numeric(0)"]
    assert [e.r_type for e in empties] == ["character", "logical", "numeric"]
    for empty in empties:
        assert not empty and len(empty) == 0 and list(empty) == [] and "x" not in empty
        assert pickle.loads(pickle.dumps(empty)) is empty
        assert copy.copy(empty) is empty and copy.deepcopy(empty) is empty
        assert empty != "" and empty != [] and empty is not None
    assert len(set(map(id, empties))) == 3
    assert EMPTY_CHARACTER != EMPTY_NUMERIC


def test_records_pickle_and_copy() -> None:
    resp = connection()
    assert copy.copy(resp) is resp
    deep = copy.deepcopy(resp)
    assert deep == resp and deep.shape is resp.shape and deep.to_dict() == resp.to_dict()
    again = pickle.loads(pickle.dumps(resp))
    assert again.to_dict() == resp.to_dict()
    assert list(again) == list(resp)


def test_empty_structures_are_shared_and_safe() -> None:
    first = parse_output(output(OP["SendMessage"]), {})
    second = parse_output(output(OP["SendMessage"]), {})
    assert first.MessageMetadata is second.MessageMetadata
    with pytest.raises(AttributeError):
        first.MessageMetadata.MessageProcessingStatus = "x"


# ---- tokens never shown -------------------------------------------------------------------------


def test_repr_and_str_mask_tokens() -> None:
    resp = connection()
    shown = [repr(resp), resp.str(), repr(resp.ConnectionCredentials), repr(resp.Websocket), str(resp)]
    shown += [repr(resp.WebRTCConnection), resp.WebRTCConnection.Attendee.__repr__()]
    for text in shown:
        assert CANARY not in text, text
    assert "ConnectionToken='***'" in repr(resp)
    assert "JoinToken='***'" in repr(resp)
    assert "AuthToken=***" in repr(resp)
    assert 'chr "***"' in resp.str()
    assert "ConnectionExpiry='2019-11-25T21:56:46.045Z'" in repr(resp)
    assert "AttendeeId=character(0)" not in repr(resp)  # it was given
    assert "MeetingId=character(0)" in repr(resp)


def test_model_sensitive_leaves_and_signed_urls_are_masked() -> None:
    view = parse_output(
        output(OP["DescribeView"]),
        {
            "View": {
                "Name": CANARY,
                "Content": {"InputSchema": CANARY, "Template": CANARY, "Actions": [CANARY]},
            }
        },
    )
    upload = parse_output(
        output(OP["StartAttachmentUpload"]),
        {
            "UploadMetadata": {
                "Url": f"https://s3/x?X-Amz-Security-Token={CANARY}&X-Amz-Signature={CANARY}",
                "HeadersToInclude": {"x-amz-security-token": CANARY, "Content-Type": "text/plain"},
            }
        },
    )
    for record in (view, upload):
        for text in (repr(record), record.str()):
            assert CANARY not in text, text
    assert "'Content-Type': 'text/plain'" in repr(upload)


def test_every_sensitive_member_of_every_output_is_masked() -> None:
    def fill(shape: Shape, depth: int = 0) -> Any:
        if shape.type == "structure":
            return {n: fill(m.shape, depth + 1) for n, m in shape.members.items()} if depth < 6 else {}
        if shape.type == "list":
            assert shape.member is not None
            return [fill(shape.member, depth + 1)] if depth < 6 else []
        if shape.type == "map":
            assert shape.value is not None
            return {"k": fill(shape.value, depth + 1)}
        return {"boolean": True}.get(
            shape.type, 1 if shape.type in ("integer", "long", "double", "float") else CANARY
        )

    def sensitive_only(shape: Shape, depth: int = 0) -> Any:
        # Sensitive members get the canary; everything else an innocent value.
        if shape.type == "structure":
            if depth >= 6:
                return {}
            return {
                n: fill(m.shape) if is_sensitive(m) else sensitive_only(m.shape, depth + 1)
                for n, m in shape.members.items()
            }
        if shape.type == "list":
            assert shape.member is not None
            return [sensitive_only(shape.member, depth + 1)] if depth < 6 else []
        if shape.type == "map":
            assert shape.value is not None
            return {"k": sensitive_only(shape.value, depth + 1)}
        return {"boolean": True}.get(
            shape.type, 1 if shape.type in ("integer", "long", "double", "float") else "v"
        )

    checked = 0
    for shape in ALL_OUTPUTS:
        record = parse_output(shape, sensitive_only(shape))
        for text in (repr(record), record.str()):
            assert CANARY not in text, shape.name
        checked += CANARY in json.dumps(record.to_dict())
    assert checked >= 5  # the canary really was in the data


# ---- odd bodies ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"Transcript": "x"}, "GetTranscriptResponse.Transcript: expected an array, got a string"),
        (
            {"Transcript": [{"Id": 5}]},
            "GetTranscriptResponse.Transcript[0].Id: expected a string, got a number",
        ),
        ({"Transcript": [1]}, "GetTranscriptResponse.Transcript[0]: expected an object, got a number"),
        ({"NextToken": True}, "GetTranscriptResponse.NextToken: expected a string, got a boolean"),
        ([1, 2], "GetTranscriptResponse: expected an object, got an array"),
        ("text", "GetTranscriptResponse: expected an object, got a string"),
        (
            {"Transcript": [{"MessageMetadata": {"Receipts": [{}, {"ReadTimestamp": []}]}}]},
            "GetTranscriptResponse.Transcript[0].MessageMetadata.Receipts[1].ReadTimestamp: "
            "expected a string, got an array",
        ),
    ],
)
def test_bodies_that_do_not_fit_are_parse_errors_naming_the_path(body: Any, message: str) -> None:
    with pytest.raises(ResponseParseError) as caught:
        parse_output(output(OP["GetTranscript"]), body)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("member", "value"),
    [
        ("AttachmentSizeInBytes", True),
        ("AttachmentSizeInBytes", 2.5),
        ("AttachmentSizeInBytes", "5"),
        ("Url", 5),
    ],
)
def test_numbers_and_booleans_are_not_interchangeable(member: str, value: Any) -> None:
    with pytest.raises(ResponseParseError, match=member):
        parse_output(output(OP["GetAttachment"]), {member: value})


def test_map_values_are_checked() -> None:
    with pytest.raises(ResponseParseError, match=r"HeadersToInclude\[#1\]: expected a string"):
        parse_output(
            output(OP["StartAttachmentUpload"]), {"UploadMetadata": {"HeadersToInclude": {"a": "b", "c": 1}}}
        )


def test_recursive_shapes_parse_and_depth_bombs_are_parse_errors() -> None:
    describe = CONNECT.operations["DescribeContact"]
    step = {"Expression": {"AndExpression": [{"OrExpression": [{"AttributeCondition": {"Name": "n"}}]}]}}
    contact = parse_output(output(describe), {"Contact": {"RoutingCriteria": {"Steps": [step]}}})
    inner = contact.Contact.RoutingCriteria.Steps[0].Expression.AndExpression[0].OrExpression[0]
    assert inner.AttributeCondition.Name == "n"
    assert inner.AndExpression == []
    deep: dict[str, Any] = {}
    node = deep
    for _ in range(5000):
        node["AndExpression"] = [{}]
        node = node["AndExpression"][0]
    with pytest.raises(ResponseParseError, match="nested too deeply"):
        parse_output(output(describe), {"Contact": {"RoutingCriteria": {"Steps": [{"Expression": deep}]}}})


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=12,
)


@st.composite
def shaped(draw: st.DrawFn, shape: Shape, depth: int = 0) -> Any:
    """JSON that mostly fits `shape`, with a type gone wrong now and then."""
    if depth > 5 or draw(st.integers(0, 15)) == 0:
        return draw(JSON_VALUES)
    kind = shape.type
    if kind == "structure":
        names = draw(st.lists(st.sampled_from([*shape.members, "Extra"]), unique=True, max_size=6))
        return {
            n: draw(shaped(shape.members[n].shape, depth + 1)) if n in shape.members else 1 for n in names
        }
    if kind == "list":
        assert shape.member is not None
        return draw(st.lists(shaped(shape.member, depth + 1), max_size=3))
    if kind == "map":
        assert shape.value is not None
        return draw(st.dictionaries(st.text(max_size=5), shaped(shape.value, depth + 1), max_size=3))
    if kind == "boolean":
        return draw(st.booleans())
    if kind in ("integer", "long"):
        return draw(st.integers())
    if kind in ("double", "float"):
        return draw(st.floats(allow_nan=False, allow_infinity=False))
    return draw(st.text(max_size=20))


@st.composite
def bodies(draw: st.DrawFn) -> tuple[Shape, Any]:
    shape = draw(st.sampled_from(ALL_OUTPUTS))
    return shape, draw(st.one_of(JSON_VALUES, shaped(shape)))


@settings(max_examples=400, deadline=None)
@given(case=bodies())
def test_any_body_gives_a_record_or_a_parse_error(case: tuple[Shape, Any]) -> None:
    shape, body = case
    try:
        result = parse_output(shape, body)
    except ResponseParseError:
        return
    check_filled(result, shape)
    data = result.to_dict()
    json.dumps(data)
    repr(result)
    result.str()
    # What to_dict gives back parses to the same result.
    assert parse_output(shape, json.loads(json.dumps(data))).to_dict() == data


# ---- R's str() ----------------------------------------------------------------------------------


def r_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # JSON string escapes are R string escapes


def r_number(value: float) -> str:
    return repr(float(value))


def r_scalar(value: Any, shape: Shape, secret: bool) -> str:
    if value is None:
        return {"character": "NA_character_", "logical": "NA", "numeric": "NA_real_"}[shape.r_type]
    if shape.r_type == "character":
        return r_string("***" if secret else mask(str(value)))
    if shape.r_type == "logical":
        return "TRUE" if value else "FALSE"
    return r_number(value)


SEP = ",\n"  # R reads long lines in chunks: keep lines short


def r_literal(value: Any, shape: Shape, secret: bool = False) -> str:
    """The R expression for the object paws would return (secrets shown as our str() masks them)."""
    if isinstance(value, TypedEmpty):
        return f"{value.r_type}(0)"
    if shape.type == "structure":
        if not shape.members:
            return "list()"
        parts = [f"`{n}` = {r_literal(value[n], m.shape, is_sensitive(m))}" for n, m in shape.members.items()]
        return f"list({SEP.join(parts)})"
    if shape.type == "list":
        assert shape.member is not None
        if not value:
            return "list()"
        if shape.member.is_scalar:
            return f"c({SEP.join(r_scalar(v, shape.member, secret) for v in value)})"
        return f"list({SEP.join(r_literal(v, shape.member, secret) for v in value)})"
    if shape.type == "map":
        assert shape.value is not None
        if not value:
            return "list()"
        parts = [
            f"`{k}` = {r_literal(v, shape.value, secret or k.lower() in secret_headers())}"
            for k, v in value.items()
        ]
        return f"list({SEP.join(parts)})"
    return r_scalar(value, shape, secret)


def random_body(shape: Shape, rng: random.Random, depth: int = 0) -> Any:
    kind = shape.type
    if kind == "structure":
        return {
            n: random_body(m.shape, rng, depth + 1) for n, m in shape.members.items() if rng.random() < 0.6
        }
    if kind == "list":
        assert shape.member is not None
        return [random_body(shape.member, rng, depth + 1) for _ in range(rng.choice([0, 1, 1, 2, 3, 5, 12]))]
    if kind == "map":
        assert shape.value is not None
        keys = ["Content-Type", "x y", "a", "x-amz-meta-long-name"]
        return {k: random_body(shape.value, rng, depth + 1) for k in rng.sample(keys, rng.randint(0, 3))}
    if kind == "boolean":
        return rng.random() < 0.5
    if kind in ("integer", "long"):
        return rng.choice(
            [0, 1, 5, 300, 99999, 100000, 123456, 999999, 1048576, 12345678, 123456789012, 2**53]
        )
    if kind in ("double", "float"):
        return rng.choice(
            [0, 1, 5, 300, 99999, 100000, 123456, 999999, 1048576, 12345678, 123456789012, 2**53, 2.5, -0.5,
             0.000123456, 1.123456, 3.14159, 1e-20]
        )  # fmt: skip
    if shape.enum:
        return rng.choice(shape.enum)
    alphabet = string.ascii_letters + string.digits + ' "\\\n\té☃/:?=&'
    return "".join(rng.choice(alphabet) for _ in range(rng.choice([0, 1, 8, 30, 111, 112, 126, 127, 200])))


def str_cases() -> list[tuple[str, Record]]:
    cases: list[tuple[str, Record]] = []
    rng = random.Random(20191125)
    for op in OPERATIONS:
        shape = output(op)
        cases.append((f"{op.name} empty", parse_output(shape, {})))
        cases.append((f"{op.name} full", parse_output(shape, full_output(op))))
        for index in range(12):
            cases.append((f"{op.name} random {index}", parse_output(shape, random_body(shape, rng))))
    cases.append(("connection with tokens", connection()))
    return cases


def test_str_is_what_r_prints_for_paws_list(tmp_path: Path) -> None:
    cases = str_cases()
    marker = "=====CASE====="
    script = "\n".join(
        f'cat("{marker}\\n"); str({r_literal(record, record.shape)})' for _, record in cases if record.shape
    )
    env = {**os.environ, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}
    source = tmp_path / "cases.R"
    source.write_text(script, encoding="utf-8")
    run = subprocess.run(
        ["Rscript", "--vanilla", str(source)], capture_output=True, encoding="utf-8", timeout=120, env=env
    )
    assert run.returncode == 0, run.stderr[-2000:]
    printed = run.stdout.split(marker + "\n")[1:]
    assert len(printed) == len(cases)
    for (name, record), expected in zip(cases, printed, strict=True):
        assert record.str() + "\n" == expected, name


def test_str_example_of_paws_parity_md() -> None:
    result = parse_output(
        output(OP["CreateParticipantConnection"]), {"Websocket": {"Url": "wss://x", "ConnectionExpiry": TIME}}
    )
    assert result.str().splitlines()[:8] == [
        "List of 3",
        " $ Websocket            :List of 2",
        '  ..$ Url             : chr "wss://x"',
        '  ..$ ConnectionExpiry: chr "2019-11-25T21:56:46.045Z"',
        " $ ConnectionCredentials:List of 2",
        "  ..$ ConnectionToken: chr(0) ",
        "  ..$ Expiry         : chr(0) ",
        " $ WebRTCConnection     :List of 2",
    ]
    assert parse_output(output(OP["DisconnectParticipant"]), {}).str() == " list()"


# ---- first use from many threads ----------------------------------------------------------------


def fresh_recursive_model() -> ServiceModel:
    """New Shape objects (nothing compiled yet) with a shape that contains itself through a list."""
    return ServiceModel(
        {
            "metadata": {"serviceId": "Synthetic", "endpointPrefix": "synthetic"},
            "operations": {
                "Walk": {
                    "http": {"method": "POST", "requestUri": "/walk"},
                    "input": "Node",
                    "output": "Node",
                },
            },
            "shapes": {
                "Node": {
                    "type": "structure",
                    "members": {
                        "Name": {"shape": "Str"},
                        "Children": {"shape": "Nodes"},
                        "Meta": {"shape": "Meta"},
                    },
                },
                "Nodes": {"type": "list", "member": {"shape": "Node"}},
                "Meta": {"type": "structure", "members": {"Size": {"shape": "Num"}}},
                "Str": {"type": "string", "min": 1},
                "Num": {"type": "long"},
            },
        }
    )


def test_first_use_from_many_threads_sees_only_finished_parsers_and_validators() -> None:
    from paws_compat._validate import prepare_input

    body = {"Name": "root", "Children": [{"Name": "a", "Children": [{"Name": "b"}]}]}
    for _ in range(5):
        op = fresh_recursive_model().operations["Walk"]
        barrier = threading.Barrier(8, timeout=30)
        seen: list[Any] = []

        def work(op: Operation = op, barrier: threading.Barrier = barrier, seen: list[Any] = seen) -> None:
            barrier.wait()
            try:
                record = parse_output(output(op), body)
                prepared = prepare_input(op, body)
                seen.append((record.to_dict(), record.Children[0].Children[0].Meta.Size, prepared))
            except BaseException as exc:  # recorded, then asserted on in the main thread
                seen.append(exc)

        threads = [threading.Thread(target=work) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert seen == [(body, EMPTY_NUMERIC, body)] * 8


def test_dict_and_list_subclasses_are_taken_as_json() -> None:
    from collections import OrderedDict

    class Items(list[Any]):
        pass

    body = OrderedDict(Transcript=Items([OrderedDict(Id="1")]), NextToken="n")
    result = parse_output(output(OP["GetTranscript"]), body)
    assert result.Transcript[0].Id == "1"
    assert result.to_dict() == {"Transcript": [{"Id": "1"}], "NextToken": "n"}


def test_numbers_are_written_as_r_formats_them(tmp_path: Path) -> None:
    """paws_compat._rformat.format_number, the one writer of numbers for str() (3 digits) and the
    porter's print/cat (7) and as.character/paste (15), against R's format(x, digits = d): around
    the powers of ten where rounding carries a digit (99999 stays 99999 at 3 digits) and at random."""
    import random

    from paws_compat._rformat import format_number

    rng = random.Random(10)
    values = [99999.0, 99990.0, 999.96, 0.00099999, 123456.7, 1e5, 1e15, 1e-5, -0.000123, 1e100, 5e-324]
    values += [10.0**k - 10.0 ** (k - 4) * j for k in range(-3, 12) for j in (1, 3, 5)]
    values += [rng.choice((1, -1)) * rng.random() * 10.0 ** rng.randint(-8, 12) for _ in range(400)]
    listed = tmp_path / "values.txt"
    listed.write_text("\n".join(repr(v) for v in values) + "\n")
    script = (
        f'x <- as.numeric(readLines("{listed}"))\n'
        'for (d in c(3, 7)) writeLines(vapply(x, function(v) format(v, digits = d), ""))\n'
    )
    run = subprocess.run(
        ["Rscript", "--vanilla", "-e", script], capture_output=True, encoding="utf-8", timeout=120
    )
    assert run.returncode == 0, run.stderr[-2000:]
    lines = run.stdout.splitlines()
    assert len(lines) == 2 * len(values)
    for digits, expected in ((3, lines[: len(values)]), (7, lines[len(values) :])):
        ours = [format_number(v, digits) for v in values]
        differ = [(v, a, b) for v, a, b in zip(values, ours, expected, strict=True) if a != b]
        assert not differ, differ[:5]

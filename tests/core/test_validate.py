"""Arguments the paws way, and validation against the model before anything is sent."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paws_compat._model import Operation, ServiceModel, Shape, load_model
from paws_compat._validate import fill_idempotency_tokens, prepare_input
from paws_compat.errors import ParamValidationError, Problem
from tests.core.conftest import CANARY
from tests.core.samples import arguments as participant_arguments
from tests.core.samples import sample

MODEL = load_model("connectparticipant")
CONNECT = load_model("connect")
OPERATIONS = sorted([*MODEL.operations.values(), *CONNECT.operations.values()], key=lambda op: op.name)
OP = MODEL.operations


def valid(shape: Shape, name: str = "x", depth: int = 0) -> Any:
    """A valid value of `shape`; past a few levels only required members (models are recursive)."""
    if shape.type == "structure":
        if shape.union:  # exactly one member, at any depth
            first, member = next(iter(shape.members.items()))
            return {first: valid(member.shape, first, depth + 1)}
        return {
            n: valid(m.shape, n, depth + 1)
            for n, m in shape.members.items()
            if depth < 3 or n in shape.required
        }
    if shape.type == "list":
        assert shape.member is not None
        return [valid(shape.member, name, depth + 1)] if depth < 3 or shape.min else []
    if shape.type == "map":
        assert shape.key is not None and shape.value is not None
        return {valid(shape.key, "k", depth + 1): valid(shape.value, name, depth + 1)} if depth < 3 else {}
    return sample(shape, name)


def arguments(op: Operation) -> dict[str, Any]:
    if op.name in MODEL.operations:
        return participant_arguments(op)
    return {n: valid(m.shape, n) for n, m in op.input_members.items()}


def problems_of(operation: Operation, kwargs: dict[str, Any]) -> list[Problem]:
    with pytest.raises(ParamValidationError) as caught:
        prepare_input(operation, kwargs)
    assert caught.value.operation == operation.name
    return caught.value.problems


def paths(problems: list[Problem]) -> list[str]:
    return [p.path for p in problems]


# A small model with the types the real ones lack (double, map limits, timestamps, blobs).
SYNTHETIC = ServiceModel(
    {
        "metadata": {"serviceId": "Synthetic", "endpointPrefix": "synthetic"},
        "operations": {
            "DoThing": {"http": {"method": "POST", "requestUri": "/thing"}, "input": "DoThingRequest"},
        },
        "shapes": {
            "DoThingRequest": {
                "type": "structure",
                "required": ["Ratio"],
                "members": {
                    "Ratio": {"shape": "Ratio"},
                    "Labels": {"shape": "Labels"},
                    "When": {"shape": "When"},
                    "Data": {"shape": "Data"},
                    "Flags": {"shape": "Flags"},
                },
            },
            "Ratio": {"type": "double", "min": 0.5, "max": 2.5},
            "Labels": {"type": "map", "key": {"shape": "Key"}, "value": {"shape": "Value"}, "max": 2},
            "Key": {"type": "string", "min": 1, "max": 5},
            "Value": {"type": "string", "max": 3},
            "When": {"type": "timestamp"},
            "Data": {"type": "blob"},
            "Flags": {"type": "list", "member": {"shape": "Flag"}, "max": 2},
            "Flag": {"type": "boolean"},
        },
    }
)
THING = SYNTHETIC.operations["DoThing"]


# ---- paws' argument rules -----------------------------------------------------------------------


@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: op.name)
def test_valid_arguments_of_every_operation_pass_in_model_order(op: Operation) -> None:
    args = arguments(op)
    reordered = dict(reversed(list(args.items())))
    prepared = prepare_input(op, reordered)
    assert prepared == args
    assert list(prepared) == list(args)
    # Prepared input is itself valid input: preparing twice changes nothing.
    assert prepare_input(op, prepared) == prepared


def test_none_is_left_out_at_every_level() -> None:
    prepared = prepare_input(
        OP["GetTranscript"],
        {"ConnectionToken": "t", "ContactId": None, "StartPosition": {"Id": None, "MostRecent": 3}},
    )
    assert prepared == {"StartPosition": {"MostRecent": 3}, "ConnectionToken": "t"}


def test_a_lone_string_becomes_a_one_item_list_and_tuples_become_lists() -> None:
    op = OP["CreateParticipantConnection"]
    assert prepare_input(op, {"Type": "WEBSOCKET", "ParticipantToken": "t"})["Type"] == ["WEBSOCKET"]
    prepared = prepare_input(op, {"Type": ("WEBSOCKET", "CONNECTION_CREDENTIALS"), "ParticipantToken": "t"})
    assert prepared["Type"] == ["WEBSOCKET", "CONNECTION_CREDENTIALS"]
    assert type(prepared["Type"]) is list


def test_false_and_zero_are_kept() -> None:
    op = OP["CreateParticipantConnection"]
    assert (
        prepare_input(op, {"ParticipantToken": "t", "ConnectParticipant": False})["ConnectParticipant"]
        is False
    )
    prepared = prepare_input(OP["GetTranscript"], {"ConnectionToken": "t", "MaxResults": 0})
    assert prepared["MaxResults"] == 0


def test_integral_floats_are_integers() -> None:
    # R sends every number as a double: 20 arrives as 20.0.
    prepared = prepare_input(OP["GetTranscript"], {"ConnectionToken": "t", "MaxResults": 20.0})
    assert prepared["MaxResults"] == 20 and type(prepared["MaxResults"]) is int


def test_idempotency_tokens_may_be_left_out_even_when_required() -> None:
    op = OP["CompleteAttachmentUpload"]
    assert "ClientToken" in op.required
    prepared = prepare_input(op, {"AttachmentIds": ["a"], "ConnectionToken": "t"})
    assert "ClientToken" not in prepared


# ---- idempotency tokens -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "op",
    [op for op in OPERATIONS if any(m.idempotency_token for m in op.input_members.values())],
    ids=lambda op: op.name,
)
def test_fill_idempotency_tokens(op: Operation) -> None:
    name = next(n for n, m in op.input_members.items() if m.idempotency_token)
    params: dict[str, Any] = {}
    filled = fill_idempotency_tokens(op, params)
    assert filled is params
    assert uuid.UUID(params[name]).version == 4
    assert fill_idempotency_tokens(op, {})[name] != params[name]
    assert fill_idempotency_tokens(op, {name: "mine"})[name] == "mine"
    # Called again (a retry), it keeps what the first call filled.
    first = params[name]
    assert fill_idempotency_tokens(op, params)[name] == first


def test_operations_without_tokens_are_left_alone() -> None:
    params = {"ConnectionToken": "t"}
    assert fill_idempotency_tokens(OP["GetTranscript"], params) == {"ConnectionToken": "t"}


# ---- the model's rules --------------------------------------------------------------------------


def test_required_members() -> None:
    problems = problems_of(OP["SendMessage"], {"ContentType": "text/plain"})
    assert [str(p) for p in problems] == [
        "Content: is missing (required)",
        "ConnectionToken: is missing (required)",
    ]
    # Required members inside structures too (Connect's ParticipantDetails.DisplayName).
    op = CONNECT.operations["StartChatContact"]
    args = arguments(op)
    args["ParticipantDetails"] = {}
    assert "ParticipantDetails.DisplayName" in paths(problems_of(op, args))


@pytest.mark.parametrize(
    ("member", "value", "rule"),
    [
        ("MaxResults", True, "must be an integer"),
        ("MaxResults", "10", "must be an integer"),
        ("MaxResults", 2.5, "must be an integer"),
        ("MaxResults", float("nan"), "must be a finite number"),
        ("ContactId", 5, "must be a string"),
        ("ContactId", b"bytes", "must be a string"),
        ("StartPosition", "id", "must be a dict of members"),
        ("SortOrder", ["ASCENDING"], "must be a string"),
    ],
)
def test_types(member: str, value: Any, rule: str) -> None:
    problems = problems_of(OP["GetTranscript"], {"ConnectionToken": "t", member: value})
    assert paths(problems) == [member]
    assert problems[0].rule == rule


def test_a_string_is_not_a_boolean() -> None:
    for value in ("TRUE", "true", 1, 0, None.__class__):
        problems = problems_of(
            OP["CreateParticipantConnection"], {"ParticipantToken": "t", "ConnectParticipant": value}
        )
        assert paths(problems) == ["ConnectParticipant"]
        assert problems[0].rule == "must be True or False"


def test_doubles_take_integers_but_not_booleans() -> None:
    assert prepare_input(THING, {"Ratio": 2})["Ratio"] == 2
    assert prepare_input(THING, {"Ratio": 1.5})["Ratio"] == 1.5
    assert problems_of(THING, {"Ratio": True})[0].rule == "must be a number"
    assert problems_of(THING, {"Ratio": 0.25})[0].rule == "must be 0.5-2.5"
    assert problems_of(THING, {"Ratio": float("inf")})[0].rule == "must be a finite number"


def test_enums() -> None:
    problems = problems_of(
        OP["GetTranscript"], {"ConnectionToken": "t", "SortOrder": "UP", "ScanDirection": "forward"}
    )
    assert [str(p) for p in problems] == [
        "ScanDirection: is not an allowed value (did you mean FORWARD?) (must be one of FORWARD, BACKWARD)",
        "SortOrder: is not an allowed value (must be one of DESCENDING, ASCENDING)",
    ]


def test_string_lengths_count_characters() -> None:
    op = OP["SendMessage"]
    ok = {"ContentType": "text/plain", "ConnectionToken": "t"}
    assert prepare_input(op, {**ok, "Content": "é" * 16384})["Content"] == "é" * 16384
    problems = problems_of(op, {**ok, "Content": "é" * 16385})
    assert [str(p) for p in problems] == ["Content: has 16385 characters (must be 1-16384 characters)"]
    assert (
        str(problems_of(op, {**ok, "Content": ""})[0])
        == "Content: has 0 characters (must be 1-16384 characters)"
    )
    session = problems_of(
        OP["CancelParticipantAuthentication"], {"SessionId": "short", "ConnectionToken": "t"}
    )
    assert str(session[0]) == "SessionId: has 5 characters (must be exactly 36 characters)"
    # An empty string is fine where the model has no minimum (DisconnectParticipant's ClientToken).
    assert (
        prepare_input(OP["DisconnectParticipant"], {"ConnectionToken": "t", "ClientToken": ""})["ClientToken"]
        == ""
    )


def test_numeric_ranges() -> None:
    op = OP["GetAttachment"]
    base = {"AttachmentId": "a", "ConnectionToken": "t"}
    for good in (5, 300):
        assert prepare_input(op, {**base, "UrlExpiryInSeconds": good})["UrlExpiryInSeconds"] == good
    for bad in (4, 301, -1):
        assert str(problems_of(op, {**base, "UrlExpiryInSeconds": bad})[0]) == (
            f"UrlExpiryInSeconds: is {bad} (must be 5-300)"
        )
    upload = OP["StartAttachmentUpload"]
    args = {**arguments(upload), "AttachmentSizeInBytes": 0}
    assert str(problems_of(upload, args)[0]) == "AttachmentSizeInBytes: is 0 (must be at least 1)"


def test_list_sizes() -> None:
    op = OP["CompleteAttachmentUpload"]
    problems = problems_of(op, {"AttachmentIds": ["a", "b"], "ConnectionToken": "t"})
    assert [str(p) for p in problems] == ["AttachmentIds: has 2 items (must be exactly 1 items)"]
    problems = problems_of(OP["CreateParticipantConnection"], {"Type": [], "ParticipantToken": "t"})
    assert [str(p) for p in problems] == ["Type: has 0 items (must be at least 1 items)"]
    problems = problems_of(op, {"AttachmentIds": [None], "ConnectionToken": "t"})
    assert paths(problems) == ["AttachmentIds[0]"]


def test_nested_paths_name_the_argument() -> None:
    problems = problems_of(
        OP["GetTranscript"],
        {"ConnectionToken": "t", "StartPosition": {"Id": "", "MostRecent": 101, "Bogus": 1}},
    )
    assert [str(p) for p in problems] == [
        "StartPosition: has unknown member Bogus (valid: Id, AbsoluteTime, MostRecent)",
        "StartPosition.Id: has 0 characters (must be 1-256 characters)",
        "StartPosition.MostRecent: is 101 (must be 0-100)",
    ]
    problems = problems_of(
        OP["CreateParticipantConnection"], {"Type": ["WEBSOCKET", "NOPE"], "ParticipantToken": "t"}
    )
    assert paths(problems) == ["Type[1]"]


def test_maps_timestamps_blobs_and_boolean_lists() -> None:
    moment = dt.datetime(2019, 11, 25, 21, 56, 46, tzinfo=dt.timezone.utc)
    prepared = prepare_input(
        THING,
        {
            "Ratio": 1,
            "Labels": {"a": "x"},
            "When": moment,
            "Data": bytearray(b"\x00\x01"),
            "Flags": (True, False),
        },
    )
    assert prepared == {
        "Ratio": 1,
        "Labels": {"a": "x"},
        "When": 1574719006,
        "Data": b"\x00\x01",
        "Flags": [True, False],
    }
    assert (
        prepare_input(THING, {"Ratio": 1, "When": "2019-11-25T21:56:46.045Z"})["When"]
        == "2019-11-25T21:56:46.045Z"
    )
    problems = problems_of(
        THING,
        {
            "Ratio": 1,
            "Labels": {"toolong": "abcd", "b": None, "c": "x"},
            "When": [1],
            "Data": 5,
            "Flags": [1],
        },
    )
    assert [str(p) for p in problems] == [
        "Labels[toolong] (key): has 7 characters (must be 1-5 characters)",
        "Labels[toolong]: has 4 characters (must be at most 3 characters)",
        "Labels[b]: is None (map values cannot be None)",
        "Labels: has 3 entries (must be at most 2 entries)",
        "When: is a list of 1 items (must be a timestamp (datetime, ISO-8601 string or epoch seconds))",
        "Data: is an integer (must be bytes or a base64 string)",
        "Flags[0]: is an integer (must be True or False)",
    ]
    assert paths(problems_of(THING, {"Ratio": 1, "Labels": ["a"]})) == ["Labels"]


def test_unknown_arguments_are_problems_too() -> None:
    # The client's signature stops these first; direct callers (the emulator, R) get a clear message.
    problems = problems_of(OP["DisconnectParticipant"], {"ConnectionToken": "t", "Typo": 1, CANARY + " x": 2})
    assert [p.path for p in problems] == ["Typo", "an argument"]
    assert problems[0].rule == "valid: ClientToken, ConnectionToken"


def test_header_values_cannot_break_the_request() -> None:
    for bad in ("tok\r\nX-Evil: 1", "tok\n", "tök", "\x00"):
        problems = problems_of(OP["DisconnectParticipant"], {"ConnectionToken": bad})
        assert [str(p) for p in problems] == [
            "ConnectionToken: holds a line break or a non-ASCII character (goes in an HTTP header)"
        ]


def test_every_problem_at_once_and_never_a_value() -> None:
    with pytest.raises(ParamValidationError) as caught:
        prepare_input(
            OP["CreateParticipantConnection"],
            {"Type": [CANARY, "websocket"], "ParticipantToken": CANARY * 40, "ConnectParticipant": CANARY},
        )
    error = caught.value
    assert len(error.problems) == 4
    assert str(error).startswith("4 invalid arguments for CreateParticipantConnection:\n  - Type[0]: ")
    for text in (str(error), repr(error), *map(str, error.problems), *map(repr, error.problems)):
        assert CANARY not in text


# ---- property-based -----------------------------------------------------------------------------

VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=30)
    | st.binary(max_size=8)
    | st.datetimes(),
    lambda children: (
        st.lists(children, max_size=4)
        | st.tuples(children, children)
        | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=15,
)


@st.composite
def kwargs_for(draw: st.DrawFn) -> tuple[Operation, dict[str, Any]]:
    op = draw(st.sampled_from([*OPERATIONS, THING]))
    names = [*op.input_members, "Other"]
    chosen = draw(st.lists(st.sampled_from(names), unique=True, max_size=len(names)))
    valid = arguments(op) if op is not THING else {"Ratio": 1.0}
    kwargs = {}
    for name in chosen:
        kwargs[name] = valid[name] if name in valid and draw(st.booleans()) else draw(VALUES)
    return op, kwargs


@settings(max_examples=300, deadline=None)
@given(case=kwargs_for())
def test_validation_raises_nothing_but_param_validation_error(case: tuple[Operation, dict[str, Any]]) -> None:
    op, kwargs = case
    try:
        prepared = prepare_input(op, kwargs)
    except ParamValidationError as exc:
        assert exc.problems
        return
    assert set(prepared) <= set(op.input_members)
    assert None not in prepared.values()
    assert prepare_input(op, prepared) == prepared


def test_self_referencing_values_are_problems_not_crashes() -> None:
    loop: dict[str, Any] = {}
    loop["Labels"] = loop
    assert paths(problems_of(THING, {"Ratio": 1, "Labels": {"a": loop}})) == ["Labels[a]"]
    cycle: list[Any] = []
    cycle.append(cycle)
    assert paths(problems_of(THING, {"Ratio": 1, "Flags": cycle})) == ["Flags[0]"]
    # A recursive input shape, with a value nested deeper than Python's stack.
    tree = ServiceModel(
        {
            "metadata": {"serviceId": "Synthetic", "endpointPrefix": "synthetic"},
            "operations": {"Plant": {"http": {"method": "POST", "requestUri": "/tree"}, "input": "Node"}},
            "shapes": {
                "Node": {"type": "structure", "members": {"Children": {"shape": "Nodes"}}},
                "Nodes": {"type": "list", "member": {"shape": "Node"}},
            },
        }
    ).operations["Plant"]
    deep: dict[str, Any] = {}
    node = deep
    for _ in range(20000):
        node["Children"] = [{}]
        node = node["Children"][0]
    assert [str(p) for p in problems_of(tree, deep)] == ["Children: is nested too deeply"]
    assert prepare_input(tree, {"Children": [{"Children": [{}]}]}) == {"Children": [{"Children": [{}]}]}


def test_map_keys_are_named_unless_they_could_be_tokens() -> None:
    problems = problems_of(THING, {"Ratio": 1, "Labels": {"Content-Type": "long", CANARY: "long"}})
    assert paths(problems) == [
        "Labels[Content-Type] (key)",
        "Labels[Content-Type]",
        "Labels[#1] (key)",
        "Labels[#1]",
    ]
    assert all(CANARY not in str(p) for p in problems)


def test_uuid4_text_is_a_random_version_4_uuid() -> None:
    from paws_compat._validate import uuid4_text

    made = {uuid4_text() for _ in range(2000)}
    assert len(made) == 2000
    for text in made:
        parsed = uuid.UUID(text)
        assert str(parsed) == text
        assert parsed.version == 4 and parsed.variant == uuid.RFC_4122

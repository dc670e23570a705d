"""The committed model files are exactly what the generator makes from the pinned botocore."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import botocore

from paws_compat._model import load_model, snake_case

ROOT = Path(__file__).resolve().parents[2]


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("generate_model", ROOT / "tools" / "generate_model.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_models_are_what_the_generator_makes_from_the_pinned_botocore() -> None:
    generator = _generator()
    for service, (version, only) in generator.SERVICES.items():
        expected = generator.render(generator.compact(service, version, only))
        committed = (ROOT / "paws_compat" / "_data" / f"{service}.json").read_text(encoding="utf-8")
        assert committed == expected, f"{service}.json is stale: run tools/generate_model.py"
        assert json.loads(committed)["botocore_version"] == botocore.__version__


def test_the_model_holds_no_documentation_text() -> None:
    for service in ("connectparticipant", "connect"):
        text = (ROOT / "paws_compat" / "_data" / f"{service}.json").read_text(encoding="utf-8")
        assert '"documentation"' not in text and "<p>" not in text


def test_the_eleven_operations_and_their_paws_names() -> None:
    model = load_model()
    assert sorted(op.method_name for op in model.operations.values()) == [
        "cancel_participant_authentication",
        "complete_attachment_upload",
        "create_participant_connection",
        "describe_view",
        "disconnect_participant",
        "get_attachment",
        "get_authentication_url",
        "get_transcript",
        "send_event",
        "send_message",
        "start_attachment_upload",
    ]
    assert model.operation_by_method("describe_view").http_method == "GET"


def test_every_member_resolves_and_knows_its_r_type() -> None:
    for service in ("connectparticipant", "connect"):
        model = load_model(service)
        for shape in model.shapes.values():
            assert shape.r_type in {"character", "logical", "numeric", "list"}
            for member in shape.members.values():
                assert member.shape is model.shapes[member.shape.name]
            if shape.type == "list":
                assert shape.member is not None
            if shape.type == "map":
                assert shape.key is not None and shape.value is not None


def test_tokens_travel_in_the_bearer_header() -> None:
    model = load_model()
    for op in model.operations.values():
        headers = {m.name: m.location_name for m in op.input_members.values() if m.location == "header"}
        token = "ParticipantToken" if op.name == "CreateParticipantConnection" else "ConnectionToken"
        assert headers == {token: "X-Amz-Bearer"}, op.name
        assert token in op.required


def test_snake_case_follows_paws_names() -> None:
    assert snake_case("CreateParticipantConnection") == "create_participant_connection"
    assert snake_case("GetAuthenticationUrl") == "get_authentication_url"
    assert snake_case("WebRTCConnection") == "web_rtc_connection"

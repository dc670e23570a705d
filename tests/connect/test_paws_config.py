"""A config list shared across paws clients is accepted: every field of paws.common's Config,
used where it means something here (use_dual_stack, sts_regional_endpoint), otherwise ignored."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import paws_compat
from paws_compat._paws_options import IGNORED, TRANSLATED
from paws_compat.errors import ConfigError

# paws.common 0.8.x's Config struct, field by field (its default values).
PAWS_COMMON_CONFIG: dict[str, Any] = {
    "credentials": {},
    "endpoint": "",
    "endpoint_resolver": "",
    "enforce_should_retry_check": False,
    "region": "",
    "disable_ssl": False,
    "close_connection": False,
    "max_retries": 3,
    "connect_timeout": 60,
    "retryer": None,
    "disable_param_validation": False,
    "disable_compute_checksums": False,
    "s3_force_path_style": False,
    "s3_disable_100_continue": False,
    "s3_use_accelerate": False,
    "s3_disable_content_md5_validation": False,
    "ec2_metadata_disable_timeout_override": False,
    "use_dual_stack": False,
    "sleep_delay": None,
    "disable_rest_protocol_uri_cleaning": False,
    "sts_regional_endpoint": "",
    "signature_version": "",
    "partition_name": "",
}


def test_every_paws_common_field_is_known() -> None:
    ours = set(paws_compat.Config.valid_keys())
    for key in PAWS_COMMON_CONFIG:
        assert key in ours or key in TRANSLATED or key in IGNORED, key


@pytest.mark.parametrize("factory", [paws_compat.connectparticipant, paws_compat.connect])
def test_a_shared_paws_config_is_accepted(factory: Any, aws_home: Path) -> None:
    config = {
        **PAWS_COMMON_CONFIG,
        "s3_force_path_style": True,
        "signature_version": "v4",
        "region": "eu-west-1",
    }
    client = factory(config=config)
    assert client.region == "eu-west-1"
    assert client.endpoint.host.endswith("eu-west-1.amazonaws.com")


def test_use_dual_stack_is_the_dual_stack_endpoint(aws_home: Path) -> None:
    client = paws_compat.connect(config={"use_dual_stack": True}, region="us-east-1")
    assert client.endpoint.url == "https://connect.us-east-1.api.aws"
    participant = paws_compat.connectparticipant(config={"use_dual_stack": True}, region="us-east-1")
    assert participant.endpoint.url == "https://participant.connect.us-east-1.api.aws"


def test_an_unknown_key_is_still_refused_with_the_valid_ones(aws_home: Path) -> None:
    with pytest.raises(ConfigError, match="invalid config key: s3_force_pathstyle; valid keys are: region"):
        paws_compat.connectparticipant(config={"s3_force_pathstyle": True}, region="us-east-1")


def test_connect_endpoint_comes_from_its_own_variables(
    aws_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_ENDPOINT_URL_CONNECT", "http://127.0.0.1:9")
    monkeypatch.setenv("AWS_ENDPOINT_URL_CONNECTPARTICIPANT", "http://127.0.0.1:8")
    assert paws_compat.connect(region="us-east-1").endpoint.port == 9
    assert paws_compat.connectparticipant(region="us-east-1").endpoint.port == 8


def test_connect_needs_a_region(aws_home: Path) -> None:
    with pytest.raises(ConfigError, match="signs every request for a region"):
        paws_compat.connect(endpoint="http://127.0.0.1:9")


def test_a_connect_client_has_only_connect_operations(aws_home: Path) -> None:
    client = paws_compat.connect(region="us-east-1")
    assert callable(client.start_chat_contact) and callable(client.get_contact_attributes)
    assert not hasattr(client, "send_message")
    assert not hasattr(paws_compat.connectparticipant(region="us-east-1"), "start_chat_contact")

"""Default endpoints by region and partition, FIPS and dual-stack (wire.md)."""

from __future__ import annotations

import pytest

from paws_compat._endpoints import default_endpoint, partition_for
from paws_compat.errors import ConfigError


@pytest.mark.parametrize(
    ("region", "expected"),
    [
        ("us-east-1", "https://participant.connect.us-east-1.amazonaws.com"),
        ("eu-west-2", "https://participant.connect.eu-west-2.amazonaws.com"),
        ("ap-southeast-2", "https://participant.connect.ap-southeast-2.amazonaws.com"),
        ("cn-north-1", "https://participant.connect.cn-north-1.amazonaws.com.cn"),
        ("us-gov-west-1", "https://participant.connect.us-gov-west-1.amazonaws.com"),
        ("us-iso-east-1", "https://participant.connect.us-iso-east-1.c2s.ic.gov"),
        ("us-isob-east-1", "https://participant.connect.us-isob-east-1.sc2s.sgov.gov"),
        ("eu-isoe-west-1", "https://participant.connect.eu-isoe-west-1.cloud.adc-e.uk"),
        ("us-isof-south-1", "https://participant.connect.us-isof-south-1.csp.hci.ic.gov"),
        # A region the table does not list yet still resolves by its shape.
        ("ap-northeast-9", "https://participant.connect.ap-northeast-9.amazonaws.com"),
        ("cn-south-7", "https://participant.connect.cn-south-7.amazonaws.com.cn"),
    ],
)
def test_default_endpoint_by_partition(region: str, expected: str) -> None:
    assert default_endpoint(region) == expected


@pytest.mark.parametrize(
    ("region", "fips", "dual", "expected"),
    [
        ("us-east-1", True, False, "https://participant.connect-fips.us-east-1.amazonaws.com"),
        ("us-east-1", False, True, "https://participant.connect.us-east-1.api.aws"),
        ("us-east-1", True, True, "https://participant.connect-fips.us-east-1.api.aws"),
        # GovCloud's FIPS host is its plain host.
        ("us-gov-west-1", True, False, "https://participant.connect.us-gov-west-1.amazonaws.com"),
        ("us-gov-east-1", False, True, "https://participant.connect.us-gov-east-1.api.aws"),
        ("cn-northwest-1", True, False, "https://participant.connect-fips.cn-northwest-1.amazonaws.com.cn"),
        ("cn-north-1", False, True, "https://participant.connect.cn-north-1.api.amazonwebservices.com.cn"),
    ],
)
def test_fips_and_dual_stack(region: str, fips: bool, dual: bool, expected: str) -> None:
    assert default_endpoint(region, use_fips=fips, use_dual_stack=dual) == expected


def test_partition_of_known_and_unknown_regions() -> None:
    assert partition_for("us-gov-east-1").name == "aws-us-gov"
    assert partition_for("us-iso-west-1").name == "aws-iso"
    assert partition_for("mars-north-1").name == "aws"


@pytest.mark.parametrize("region", [None, ""])
def test_missing_region_is_a_config_error(region: str | None) -> None:
    with pytest.raises(ConfigError, match="no region"):
        default_endpoint(region)


@pytest.mark.parametrize("region", ["US-EAST-1", "us-east-1/evil", "us east 1", "-us", "evil.com#"])
def test_malformed_region_is_refused(region: str) -> None:
    with pytest.raises(ConfigError, match="invalid region"):
        default_endpoint(region)

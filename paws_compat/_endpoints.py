"""The service's default endpoint for a region: partition, FIPS and dual-stack.

The facts are those of the service's published endpoint rules (wire.md): every partition supports
FIPS and dual-stack, GovCloud's FIPS host is its plain host, and a custom endpoint cannot be
combined with FIPS or dual-stack.
"""

from __future__ import annotations

import re

import attrs

from ._errors import ConfigError

SERVICE_HOST_PREFIX = "participant.connect"
HOST_PREFIXES = {"connectparticipant": SERVICE_HOST_PREFIX, "connect": "connect"}  # model's endpointPrefix


@attrs.frozen
class Partition:
    """A group of regions sharing DNS suffixes. region_pattern is text: `re` compiles (and
    caches) it on the first match, which most clients never need."""

    name: str
    region_pattern: str
    dns_suffix: str
    dual_stack_dns_suffix: str
    regions: frozenset[str]


def _partition(name: str, pattern: str, dns: str, dual: str, regions: str) -> Partition:
    return Partition(name, pattern, dns, dual, frozenset(regions.split()))


# Order matters: the first whose explicit regions or pattern matches wins; "aws" is the fallback.
PARTITIONS: tuple[Partition, ...] = (
    _partition(
        "aws",
        r"^(us|eu|ap|sa|ca|me|af|il|mx)\-\w+\-\d+$",
        "amazonaws.com",
        "api.aws",
        "af-south-1 ap-east-1 ap-east-2 ap-northeast-1 ap-northeast-2 ap-northeast-3 ap-south-1 "
        "ap-south-2 ap-southeast-1 ap-southeast-2 ap-southeast-3 ap-southeast-4 ap-southeast-5 "
        "ap-southeast-6 ap-southeast-7 ca-central-1 ca-west-1 eu-central-1 eu-central-2 eu-north-1 "
        "eu-south-1 eu-south-2 eu-west-1 eu-west-2 eu-west-3 il-central-1 me-central-1 me-south-1 "
        "me-west-1 mx-central-1 sa-east-1 sa-west-1 us-east-1 us-east-2 us-west-1 us-west-2",
    ),
    _partition(
        "aws-cn",
        r"^cn\-\w+\-\d+$",
        "amazonaws.com.cn",
        "api.amazonwebservices.com.cn",
        "cn-north-1 cn-northwest-1",
    ),
    _partition(
        "aws-us-gov", r"^us\-gov\-\w+\-\d+$", "amazonaws.com", "api.aws", "us-gov-east-1 us-gov-west-1"
    ),
    _partition(
        "aws-iso", r"^us\-iso\-\w+\-\d+$", "c2s.ic.gov", "api.aws.ic.gov", "us-iso-east-1 us-iso-west-1"
    ),
    _partition(
        "aws-iso-b",
        r"^us\-isob\-\w+\-\d+$",
        "sc2s.sgov.gov",
        "api.aws.scloud",
        "us-isob-east-1 us-isob-west-1",
    ),
    _partition(
        "aws-iso-e", r"^eu\-isoe\-\w+\-\d+$", "cloud.adc-e.uk", "api.cloud-aws.adc-e.uk", "eu-isoe-west-1"
    ),
    _partition(
        "aws-iso-f",
        r"^us\-isof\-\w+\-\d+$",
        "csp.hci.ic.gov",
        "api.aws.hci.ic.gov",
        "us-isof-east-1 us-isof-south-1",
    ),
    _partition(
        "aws-eusc", r"^eusc\-(de)\-\w+\-\d+$", "amazonaws.eu", "api.amazonwebservices.eu", "eusc-de-east-1"
    ),
)

# A region is a DNS label sequence; anything else would let a typo or an injection reach the URL.
_VALID_REGION = r"^[a-z0-9]([a-z0-9\-]*[a-z0-9])?$"  # compiled on first use (re caches it)


def partition_for(region: str) -> Partition:
    """The partition a region belongs to; unknown-shaped regions fall back to "aws", as AWS SDKs do."""
    for partition in PARTITIONS:
        if region in partition.regions:
            return partition
    for partition in PARTITIONS:
        if re.match(partition.region_pattern, region):
            return partition
    return PARTITIONS[0]


def default_endpoint(
    region: str | None, *, use_fips: bool = False, use_dual_stack: bool = False,
    service: str = "connectparticipant",
) -> str:
    """The https URL of the service in `region`; raises ConfigError when there is no region."""
    if not region:
        raise ConfigError(
            "no region and no endpoint: give a region (the region argument, config region, the CLI's "
            "--region, AWS_REGION or AWS_DEFAULT_REGION, or region in the AWS profile) or an endpoint "
            "(the endpoint argument, --endpoint-url or AWS_ENDPOINT_URL)"
        )
    if not re.match(_VALID_REGION, region):
        raise ConfigError(f"invalid region {region!r}: expected something like 'us-east-1'")
    partition = partition_for(region)
    prefix = HOST_PREFIXES[service]
    if use_fips and use_dual_stack:
        return f"https://{prefix}-fips.{region}.{partition.dual_stack_dns_suffix}"
    if use_fips:
        if partition.name == "aws-us-gov":
            # GovCloud's regular endpoint is already FIPS-validated: same host.
            return f"https://{prefix}.{region}.amazonaws.com"
        return f"https://{prefix}-fips.{region}.{partition.dns_suffix}"
    if use_dual_stack:
        return f"https://{prefix}.{region}.{partition.dual_stack_dns_suffix}"
    return f"https://{prefix}.{region}.{partition.dns_suffix}"

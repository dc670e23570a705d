"""paws.common's Config fields that have no setting of their own here.

A config list shared across paws clients (S3's, STS's, ours) must not be refused for a key that
only another service uses. Each such key is accepted and either translated into our setting of the
same meaning or ignored, and the reason is written here (the one place that documents them).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# paws.common 0.8.x's Config struct: key -> our Config key it means, or None (ignored: why).
TRANSLATED = {
    "use_dual_stack": "use_dualstack_endpoint",  # paws' name for the dual-stack endpoint
}
IGNORED = {
    "endpoint_resolver": "an R function; the endpoint comes from endpoint / region here",
    "enforce_should_retry_check": "retries follow boto3's standard mode",
    "disable_ssl": "plain http is allowed only on loopback or with allow_http = TRUE",
    "retryer": "an R function; retries follow boto3's standard mode (max_retries)",
    "disable_param_validation": "paws validates nothing; our checks run before anything is sent",
    "disable_compute_checksums": "no operation of these services carries a checksum",
    "s3_force_path_style": "S3 only",
    "s3_disable_100_continue": "S3 only",
    "s3_use_accelerate": "S3 only",
    "s3_disable_content_md5_validation": "S3 only",
    "ec2_metadata_disable_timeout_override": "instance metadata timeouts are botocore's",
    "sleep_delay": "an R function; waits are the retry policy's",
    "disable_rest_protocol_uri_cleaning": "paths are encoded as botocore encodes them",
    "partition_name": "derived from the region",
    # Used by paws_compat.connect() (credentials through STS); meaningless for the Participant
    # Service, which is not signed.
    "sts_regional_endpoint": "used by connect() for role assumption through STS",
    "signature_version": 'connect() signs with SigV4 ("v4"); the Participant Service is unsigned',
}
PAWS_ONLY_KEYS = frozenset(TRANSLATED) | frozenset(IGNORED)


def split_paws_options(settings: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(our settings, paws-only settings): paws-only keys translated or set aside."""
    ours: dict[str, Any] = {}
    paws_only: dict[str, Any] = {}
    for key, value in settings.items():
        if key in TRANSLATED:
            target = TRANSLATED[key]
            if target not in settings and value is not None:
                ours[target] = value
        elif key in IGNORED:
            paws_only[key] = value
        else:
            ours[key] = value
    return ours, paws_only

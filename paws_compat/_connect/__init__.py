"""Amazon Connect's own API for what a chat needs (`paws_compat.connect()`), signed with SigV4.

The same client core as the Participant Service (`paws_compat._client.Client`: model-made methods,
validation, retries, typed errors, list-shaped results); what differs is the model (connect.json,
the contact and chat operations of botocore's pinned `connect` model) and the signer each attempt
passes through.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from .._client import Client, install_operations
from .._config import Config
from .._errors import ConfigError
from .._model import load_model
from .._paws_options import split_paws_options
from .._transport import Transport
from .credentials import CredentialSource, NoCredentialsError, is_anonymous
from .signer import SigV4Signer

__all__ = ["ConnectClient", "NoCredentialsError", "connect"]


class _NotAnOperation:
    """Hides an inherited Participant Service method: a ConnectClient has only Connect's."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, instance: object, owner: type | None = None) -> Any:
        raise AttributeError(f"'ConnectClient' object has no attribute {self.name!r}")


class ConnectClient(Client):
    """Amazon Connect client, shaped like paws' `connect()` (and boto3's `client("connect")`).

    Every request is signed with SigV4 (service `connect`) with credentials found as boto3 finds
    them; `credentials = {"anonymous": True}` sends unsigned requests (the service refuses them).
    """

    service = "connect"

    def __init__(
        self,
        config: Config | Mapping[str, Any] | None = None,
        *,
        transport: Transport | None = None,
        env: Mapping[str, str] | None = None,
        sts_regional_endpoint: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(config, transport=transport, env=env, **kwargs)
        cfg = self.config
        if not self.region:
            raise ConfigError(
                "connect() signs every request for a region: give region (the region argument, config "
                "region, AWS_REGION or AWS_DEFAULT_REGION, or region in the AWS profile)"
            )
        self.credentials: CredentialSource | None = None
        if not is_anonymous(cfg.credentials):
            self.credentials = CredentialSource(
                cfg.credentials, cfg.profile, sts_regional_endpoint=sts_regional_endpoint
            )
            self.sign = SigV4Signer(self.credentials, self.region)


for _name in {op.method_name for op in load_model("connectparticipant").operations.values()} - {
    op.method_name for op in load_model("connect").operations.values()
}:
    _hidden = _NotAnOperation()
    setattr(ConnectClient, _name, _hidden)
    _hidden.__set_name__(ConnectClient, _name)
install_operations(ConnectClient)


def connect(
    config: Config | Mapping[str, Any] | None = None,
    credentials: Mapping[str, Any] | None = None,
    endpoint: str | None = None,
    region: str | None = None,
    *,
    profile: str | None = None,
    aws_access_key_id: str | None = None,
    aws_secret_access_key: str | None = None,
    aws_session_token: str | None = None,
    transport: Transport | None = None,
) -> ConnectClient:
    """An Amazon Connect client, as paws' `connect()`; boto3's key arguments are accepted too.

    credentials: paws' list (`{"creds": {"access_key_id": ..., "secret_access_key": ...,
    "session_token": ...}, "profile": "name", "anonymous": False}`); left out, the credential chain
    (environment, shared files, profile, SSO, role, container and instance metadata) is used.
    """
    raw = attrs.asdict(config, recurse=False) if isinstance(config, Config) else dict(config or {})
    _, paws_only = split_paws_options(raw)
    creds: dict[str, Any] = dict(credentials or {})
    if aws_access_key_id is not None or aws_secret_access_key is not None:
        creds["creds"] = {
            "access_key_id": aws_access_key_id,
            "secret_access_key": aws_secret_access_key,
            "session_token": aws_session_token,
        }
    if profile is not None:
        creds.setdefault("profile", profile)
    settings = Config.from_args(config, credentials=creds or None, endpoint=endpoint, region=region)
    sts = paws_only.get("sts_regional_endpoint")
    return ConnectClient(
        settings, transport=transport, sts_regional_endpoint=sts if isinstance(sts, str) and sts else None
    )

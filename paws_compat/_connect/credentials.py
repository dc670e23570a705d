"""AWS credentials for the signed Amazon Connect API, found as boto3 and paws find them.

The chain is botocore's own (a well-kept, widely used implementation; the optional extra
`paws-compat[connect]`): explicit keys, then environment, web identity, SSO, the shared
credentials and config files with named profiles and role assumption, container and instance
metadata. What paws adds on top is read here: `credentials = list(creds = list(access_key_id,
secret_access_key, session_token), profile = "x", anonymous = TRUE)`.

botocore is imported when credentials are first needed, never by the Participant Service client.
Nothing here ever shows a secret: errors name sources and profiles, not values.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Any

from .._errors import ConfigError, NoCredentialsError
from .._redact import mask

INSTALL_HINT = "pip install 'paws-compat[connect]' (botocore signs Amazon Connect requests)"

# paws' `creds` fields, in paws' order; all but the key id are secrets (boto3 names them aws_*).
CREDS_FIELDS = ("access_key_id", "secret_access_key", "session_token")


def secret_settings() -> tuple[str, ...]:
    """Names of arguments and fields whose values are credentials, never shown: paws' whole
    `credentials` argument and its `creds`, the secret fields, and boto3's names for them."""
    fields = CREDS_FIELDS[1:]
    return ("credentials", "creds", *fields, *(f"aws_{name}" for name in fields))


def _text(value: Any) -> str | None:
    # R gives character(0) / "" for "not set".
    if isinstance(value, list | tuple):
        value = value[0] if len(value) == 1 else None
    return value if isinstance(value, str) and value else None


def explicit_keys(credentials: Mapping[str, Any] | None) -> tuple[str, str, str | None] | None:
    """paws' `creds` (access_key_id, secret_access_key, session_token), or boto3's aws_* names."""
    if not credentials:
        return None
    creds = credentials.get("creds")
    source: Mapping[str, Any] = creds if isinstance(creds, Mapping) else {}
    key, secret, token = (
        _text(source.get(name)) or _text(credentials.get(f"aws_{name}")) for name in CREDS_FIELDS
    )
    if key is None and secret is None:
        return None
    if key is None or secret is None:
        missing = "access_key_id" if key is None else "secret_access_key"
        raise ConfigError(f"credentials creds: {missing} is missing (give both keys, or neither)")
    return key, secret, token


def is_anonymous(credentials: Mapping[str, Any] | None) -> bool:
    value = credentials.get("anonymous") if credentials else None
    if isinstance(value, list | tuple) and len(value) == 1:
        value = value[0]
    return value is True


class CredentialSource:
    """Resolves credentials once, when the first request is signed, and hands out a frozen copy
    for each signature (botocore refreshes temporary ones before they expire)."""

    def __init__(
        self,
        credentials: Mapping[str, Any] | None,
        profile: str | None,
        *,
        sts_regional_endpoint: str | None = None,
    ) -> None:
        self._keys = explicit_keys(credentials)
        self._profile = profile
        self._sts_regional_endpoint = sts_regional_endpoint
        self._resolved: Any = None
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        where = "explicit keys" if self._keys else f"the chain (profile {self._profile or 'default'!r})"
        return f"<paws_compat CredentialSource from {where}>"

    def frozen(self) -> Any:
        """botocore's ReadOnlyCredentials (access_key, secret_key, token)."""
        resolved = self._resolved
        if resolved is None:
            with self._lock:
                if self._resolved is None:
                    self._resolved = self._resolve()
                resolved = self._resolved
        try:
            return resolved.get_frozen_credentials()
        except Exception as exc:  # a refresh that failed (expired SSO session, STS refused ...)
            raise ConfigError(
                f"cannot refresh AWS credentials: {type(exc).__name__}: {mask(str(exc))}"
            ) from None

    def _resolve(self) -> Any:
        try:
            import botocore.credentials
            import botocore.exceptions
            import botocore.session
        except ImportError:
            raise ConfigError(
                f"paws_compat.connect() needs botocore to sign requests: {INSTALL_HINT}"
            ) from None
        if self._keys is not None:
            key, secret, token = self._keys
            return botocore.credentials.Credentials(key, secret, token, method="explicit")
        try:
            session = botocore.session.Session(profile=self._profile)
            if self._sts_regional_endpoint:
                session.set_config_variable("sts_regional_endpoints", self._sts_regional_endpoint)
            found = session.get_credentials()
        except botocore.exceptions.BotoCoreError as exc:
            # botocore's messages name profiles, files and sources, never key values.
            raise ConfigError(
                f"cannot load AWS credentials: {type(exc).__name__}: {mask(str(exc))}"
            ) from None
        if found is None:
            raise NoCredentialsError(
                "No compatible credentials provided: give credentials = list(creds = list(access_key_id, "
                "secret_access_key)), a profile, AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, "
                "~/.aws/credentials, SSO, a role, or run where container or instance metadata has them"
            )
        return found

    @property
    def method(self) -> str | None:
        """Where the credentials came from (botocore's name: env, shared-credentials-file, ...)."""
        self.frozen()
        return getattr(self._resolved, "method", None)

"""SigV4 for Amazon Connect requests, by botocore's SigV4Auth (see credentials.py for why botocore).

The client calls the signer with every attempt's method, URL, headers and body just before it is
sent, so each retry carries a fresh X-Amz-Date and signature. botocore logs the canonical request
and the string to sign at debug level (with the session token in them): those records are dropped.
"""

from __future__ import annotations

import logging
from typing import Any

from .credentials import CredentialSource

SIGNING_NAME = "connect"
_SIGNING_DETAIL = ("CanonicalRequest", "StringToSign", "Signature")
_OURS = ("Authorization", "X-Amz-Date", "X-Amz-Security-Token")
_UNSIGNED = frozenset({"amz-sdk-invocation-id", "amz-sdk-request", "user-agent", "connection"})


def _drop_signing_detail(record: logging.LogRecord) -> bool:
    return not (isinstance(record.msg, str) and record.msg.startswith(_SIGNING_DETAIL))


class SigV4Signer:
    """Adds Authorization, X-Amz-Date (and X-Amz-Security-Token) to a request's headers."""

    def __init__(self, credentials: CredentialSource, region: str, signing_name: str = SIGNING_NAME) -> None:
        self.credentials = credentials
        self.region = region
        self.signing_name = signing_name
        self._auth_class: Any = None
        self._request_class: Any = None

    def __repr__(self) -> str:
        return f"<paws_compat SigV4Signer {self.signing_name} {self.region}>"

    def _classes(self) -> tuple[Any, Any]:
        if self._auth_class is None:
            from botocore.auth import SigV4Auth
            from botocore.awsrequest import AWSRequest

            logging.getLogger("botocore.auth").addFilter(_drop_signing_detail)
            self._auth_class, self._request_class = SigV4Auth, AWSRequest
        return self._auth_class, self._request_class

    def __call__(self, method: str, url: str, headers: dict[str, str], body: bytes) -> None:
        frozen = self.credentials.frozen()
        auth_class, request_class = self._classes()
        for name in _OURS:
            headers.pop(name, None)
        if not body:
            headers.pop("Content-Type", None)  # a bodyless GET has none in boto3 either
        # Signed: what boto3 signs (every header but the blacklisted and the per-attempt ones
        # botocore adds after signing), so the signed request is boto3's.
        signed = {k: v for k, v in headers.items() if k.lower() not in _UNSIGNED}
        request = request_class(method=method, url=url, headers=signed, data=body)
        auth_class(frozen, self.signing_name, self.region).add_auth(request)
        for name in _OURS:
            value = request.headers.get(name)
            if value is not None:
                headers[name] = value

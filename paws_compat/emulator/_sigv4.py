"""SigV4 as Amazon Connect checks it, written from AWS's published algorithm (independent of the
botocore signer our client uses, so each checks the other).

Connect operations without an Authorization header are always refused, as the service refuses
them (403 MissingAuthenticationTokenException). The signature itself is verified only for access
keys registered here (`emu.signatures.register(key, secret)`): with none registered, any
well-formed SigV4 header passes, so clients with dummy credentials keep working.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import threading
import time
from collections.abc import Mapping
from datetime import datetime, timezone
from urllib.parse import quote, unquote

from paws_compat.emulator._errors import ApiError

ALGORITHM = "AWS4-HMAC-SHA256"
SERVICE = "connect"
MAX_SKEW_SECONDS = 300  # AWS refuses signatures more than 5 minutes off
_AUTH = re.compile(
    r"^AWS4-HMAC-SHA256\s+Credential=(?P<credential>[^,\s]+),\s*SignedHeaders=(?P<signed>[^,\s]+),"
    r"\s*Signature=(?P<signature>[0-9a-f]{64})$"
)
_SPACES = re.compile(r"\s+")

MISMATCH = (
    "The request signature we calculated does not match the signature you provided. Check your AWS "
    "Secret Access Key and signing method. Consult the service documentation for details."
)


def _hmac(key: bytes, text: str) -> bytes:
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).digest()


def signing_key(secret: str, date: str, region: str, service: str) -> bytes:
    key = _hmac(("AWS4" + secret).encode("utf-8"), date)
    return _hmac(_hmac(_hmac(key, region), service), "aws4_request")


def _remove_dot_segments(path: str) -> str:
    out: list[str] = []
    for segment in path.split("/"):
        if segment == "..":
            if out:
                out.pop()
        elif segment not in (".", ""):
            out.append(segment)
    text = "/" + "/".join(out)
    return text + "/" if path.endswith("/") and text != "/" else text


def canonical_query(query: str) -> str:
    pairs = []
    for part in query.split("&") if query else []:
        name, _, value = part.partition("=")
        pairs.append((quote(unquote(name), safe="-_.~"), quote(unquote(value), safe="-_.~")))
    return "&".join(f"{n}={v}" for n, v in sorted(pairs))


def canonical_request(
    method: str, raw_path: str, headers: Mapping[str, str], signed: list[str], body: bytes
) -> str:
    """The canonical request of AWS's SigV4 for services other than S3: the path as sent,
    normalized and URI-encoded once more; query pairs sorted; the signed headers trimmed."""
    path, _, query = raw_path.partition("?")
    uri = quote(_remove_dot_segments(path or "/"), safe="/~")
    lines = [method.upper(), uri, canonical_query(query)]
    lowered: dict[str, list[str]] = {}
    for name, value in headers.items():
        lowered.setdefault(name.lower(), []).append(_SPACES.sub(" ", value.strip()))
    for name in signed:
        lines.append(f"{name}:{','.join(lowered.get(name, []))}")
    lines.append("")
    lines.append(";".join(signed))
    lines.append(headers.get("x-amz-content-sha256") or hashlib.sha256(body).hexdigest())
    return "\n".join(lines)


def signature(secret: str, amz_date: str, scope: str, request: str) -> str:
    date, region, service, _ = scope.split("/")
    to_sign = "\n".join([ALGORITHM, amz_date, scope, hashlib.sha256(request.encode("utf-8")).hexdigest()])
    return hmac.new(signing_key(secret, date, region, service), to_sign.encode(), hashlib.sha256).hexdigest()


def _header(headers: Mapping[str, str], name: str) -> str | None:
    get = getattr(headers, "getone", None)
    value = headers.get(name)
    if value is None and get is None:
        lowered = name.lower()
        value = next((v for k, v in headers.items() if k.lower() == lowered), None)
    return value


class SignatureCheck:
    """What the emulator accepts on Connect operations; thread-safe (tests register from outside
    the server's loop)."""

    def __init__(self) -> None:
        self._secrets: dict[str, tuple[str, str | None]] = {}
        self._lock = threading.Lock()
        self.clock = time.time

    def register(self, access_key_id: str, secret_access_key: str, session_token: str | None = None) -> None:
        """Verify signatures made with this key from now on (and refuse unknown keys)."""
        with self._lock:
            self._secrets[access_key_id] = (secret_access_key, session_token)

    def clear(self) -> None:
        with self._lock:
            self._secrets.clear()

    @property
    def verifying(self) -> bool:
        return bool(self._secrets)

    def __repr__(self) -> str:
        return f"<SignatureCheck verifying {len(self._secrets)} key(s)>"

    def check(self, method: str, raw_path: str, headers: Mapping[str, str], body: bytes) -> None:
        """Raise the ApiError the service answers with, or return when the request passes."""
        authorization = _header(headers, "Authorization")
        if not authorization:
            raise ApiError("MissingAuthenticationTokenException", "Missing Authentication Token", 403)
        match = _AUTH.match(authorization.strip())
        if match is None:
            raise ApiError(
                "IncompleteSignatureException",
                "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters "
                f"of algorithm {ALGORITHM}.",
                400,
            )
        parts = match["credential"].split("/")
        if len(parts) != 5 or parts[4] != "aws4_request":
            raise ApiError(
                "IncompleteSignatureException", "Credential is not key/date/region/service/aws4_request.", 400
            )
        access_key, date, _region, service = parts[:4]
        if service != SERVICE:
            raise ApiError(
                "InvalidSignatureException",
                f"Credential should be scoped to correct service: '{SERVICE}'.",
                403,
            )
        signed = match["signed"].split(";")
        amz_date = _header(headers, "X-Amz-Date") or ""
        if "host" not in signed or not amz_date.startswith(date):
            raise ApiError(
                "IncompleteSignatureException", "The host header and X-Amz-Date must be signed.", 400
            )
        with self._lock:
            known = self._secrets.get(access_key)
            verifying = bool(self._secrets)
        if not verifying:
            return
        if known is None:
            raise ApiError(
                "UnrecognizedClientException", "The security token included in the request is invalid.", 403
            )
        secret, token = known
        if token is not None and _header(headers, "X-Amz-Security-Token") != token:
            raise ApiError(
                "UnrecognizedClientException", "The security token included in the request is invalid.", 403
            )
        try:
            when = datetime.strptime(amz_date, "%Y%m%dT%H%M%SZ").replace(tzinfo=timezone.utc).timestamp()
        except ValueError:
            raise ApiError(
                "IncompleteSignatureException", "X-Amz-Date is not yyyyMMddTHHmmssZ.", 400
            ) from None
        if abs(self.clock() - when) > MAX_SKEW_SECONDS:
            raise ApiError(
                "InvalidSignatureException", f"Signature expired: {amz_date} is more than 5 minutes off.", 403
            )
        request = canonical_request(method, raw_path, headers, signed, body)
        expected = signature(secret, amz_date, "/".join(parts[1:]), request)
        if not hmac.compare_digest(expected, match["signature"]):
            raise ApiError("InvalidSignatureException", MISMATCH, 403)

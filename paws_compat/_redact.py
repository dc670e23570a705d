"""Masking of secrets in text that a person may see: reprs, log lines, exception messages.

The service authenticates by bearer tokens (ParticipantToken, ConnectionToken), hands out more
(JoinToken, the AuthToken in a websocket URL, the signature of a pre-signed attachment URL), and a
token shown once in a log is a token leaked. The model marks only some of them `sensitive`, so the
names are listed here as well.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ._model import Member, Shape

MASK = "***"
# A path segment this long in an endpoint is shown masked: no real base path needs one.
_TOKEN_SEGMENT = 16

# Member names whose values are secrets, whatever the model's `sensitive` flag says.
SENSITIVE_MEMBER_NAMES = frozenset(
    {"ParticipantToken", "ConnectionToken", "JoinToken", "ViewToken", "AuthToken"}
)
# Header names whose values are secrets (compared lowercased).
SENSITIVE_HEADERS = frozenset({"x-amz-bearer", "authorization", "x-amz-security-token"})

# The patterns are compiled on first use (`re` caches them): most processes never mask anything.
# Query parameters that carry credentials: AuthToken (the chat websocket) and the SigV4 fields of a
# pre-signed URL (attachments).
_QUERY_SECRET = (
    r"(?i)([?&;](?:AuthToken|X-Amz-Security-Token|X-Amz-Signature|X-Amz-Credential|Signature|"
    r"Policy|Key-Pair-Id|token|access_token|sig)=)[^&#\s\"'<>]+"
)
# `"ConnectionToken": "..."`-style pairs in JSON or Python text, and `X-Amz-Bearer: ...` headers.
_NAMED_SECRET = (
    r"(?i)([\"']?(?:ParticipantToken|ConnectionToken|JoinToken|ViewToken|AuthToken|X-Amz-Bearer|"
    r"Authorization|X-Amz-Security-Token)[\"']?\s*[:=]\s*[\"']?)([^\"'\s,}&]+)"
)


def _secret_shape(shape: Shape) -> bool:
    """A shape flagged sensitive, or a list or map of such (ViewActions holds ViewAction)."""
    if shape.sensitive:
        return True
    if shape.type == "list" and shape.member is not None:
        return _secret_shape(shape.member)
    if shape.type == "map" and shape.value is not None:
        return _secret_shape(shape.value)
    return False


def is_sensitive(member: Member) -> bool:
    """True for a member whose value must never be shown: model-flagged, or a known token."""
    return (
        _secret_shape(member.shape)
        or member.name in SENSITIVE_MEMBER_NAMES
        or (member.location == "header" and (member.location_name or "").lower() in SENSITIVE_HEADERS)
    )


def mask_url(url: str) -> str:
    """`url` with the values of credential-bearing query parameters replaced by ***."""
    if "=" not in url:
        return url
    return re.sub(_QUERY_SECRET, rf"\g<1>{MASK}", url)


def mask_endpoint(url: str) -> str:
    """An endpoint URL for an error message: a user, password, query or fragment in it is masked
    whole (an endpoint holds none of them legitimately, so any may be a secret pasted in), and so
    is a path segment long enough to be a token (a base path like /prod stays readable)."""
    scheme, sep, rest = url.partition("://")
    if sep and "@" in rest.split("/", 1)[0]:
        rest = f"{MASK}@" + rest.split("@", 1)[1]
    tail = ""
    for mark in ("?", "#"):
        if mark in rest:
            rest, tail = rest.split(mark, 1)[0], mark + MASK
            break
    host, slash, path = rest.partition("/")
    if slash:
        path = "/".join(MASK if len(part) >= _TOKEN_SEGMENT else part for part in path.split("/"))
    return f"{scheme}{sep}{host}{slash}{path}{tail}"


def mask_proxy(url: str) -> str:
    """A proxy URL for a message: its user and password masked, the host and port kept."""
    scheme, sep, rest = url.partition("://")
    host, slash, path = rest.partition("/")
    if "@" in host:
        host = f"{MASK}@" + host.rsplit("@", 1)[1]
    return f"{scheme}{sep}{host}{slash}{path}"


def mask(text: str) -> str:
    """`text` with every token-looking value it holds replaced by ***: URL credentials and
    `Name: value` / `"Name": "value"` pairs of known token names."""
    if "=" in text:
        text = re.sub(_QUERY_SECRET, rf"\g<1>{MASK}", text)
    if "oken" in text or "earer" in text or "uthorization" in text:
        text = re.sub(_NAMED_SECRET, rf"\g<1>{MASK}", text)
    return text


def mask_headers(headers: dict[str, str]) -> dict[str, str]:
    """A copy of `headers` with the secret ones masked, for display."""
    return {k: (MASK if k.lower() in SENSITIVE_HEADERS else v) for k, v in headers.items()}

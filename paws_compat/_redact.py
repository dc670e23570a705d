"""Masking of secrets in text that a person may see: reprs, log lines, exception messages.

The service authenticates by bearer tokens (ParticipantToken, ConnectionToken), hands out more
(JoinToken, the AuthToken in a websocket URL, the signature of a pre-signed attachment URL), and a
token shown once in a log is a token leaked. What is secret is stamped into the model data by
tools/generate_model.py (members marked `secret`, and the names free text is searched for); this
module, the R package, the emulator and the CLI read it from there.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ._model import Member, Secrets

MASK = "***"
# A path segment this long in an endpoint is shown masked: no real base path needs one.
_TOKEN_SEGMENT = 16


@functools.cache
def secrets() -> Secrets:
    """The model's names of secrets (the same stamp in every packaged model)."""
    from ._model import load_model  # on first use: most processes never mask anything

    return load_model().secrets


@functools.cache
def secret_headers() -> frozenset[str]:
    """Header names whose values are secrets, lowercased."""
    return frozenset(name.lower() for name in secrets().headers)


@functools.cache
def query_secret_pattern() -> str:
    """A regex for the credential-bearing query parameters of a URL (group 1: up to the `=`)."""
    names = "|".join(re.escape(name) for name in secrets().query)
    return rf"(?i)([?&;](?:{names})=)[^&#\s\"'<>]+"


@functools.cache
def _named_secret() -> re.Pattern[str]:
    # `"ConnectionToken": "..."`-style pairs in JSON or Python text, and `X-Amz-Bearer: ...` headers.
    names = "|".join(re.escape(name) for name in (*secrets().members, *secrets().headers))
    return re.compile(rf"(?i)([\"']?(?:{names})[\"']?\s*[:=]\s*[\"']?)([^\"'\s,}}&]+)")


@functools.cache
def _query_secret() -> re.Pattern[str]:
    return re.compile(query_secret_pattern())


@functools.cache
def secret_words() -> frozenset[str]:
    """The last word of each secret name, lowercased (token, bearer, authorization): what the name
    of an option or a key that carries a secret holds, even mistyped (--conection-token)."""
    names = (*secrets().members, *secrets().headers)
    return frozenset(re.findall(r"[A-Za-z][a-z]+", name)[-1].lower() for name in names)


def is_sensitive(member: Member) -> bool:
    """True for a member whose value must never be shown (the model's `secret` stamp)."""
    return member.secret


def mask_url(url: str) -> str:
    """`url` with the values of credential-bearing query parameters replaced by ***."""
    if "=" not in url:
        return url
    return _query_secret().sub(rf"\g<1>{MASK}", url)


def mask_endpoint(url: str) -> str:
    """An endpoint URL for an error message: a user, password, query or fragment in it is masked
    whole (an endpoint holds none of them legitimately, so any may be a secret pasted in), and so
    is a path segment long enough to be a token (a base path like /prod stays readable)."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        scheme, rest = "", url  # no scheme (a mistake the error is about): masked all the same
    if "@" in rest.split("/", 1)[0]:
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
    if not sep:
        scheme, rest = "", url  # user:password@host:port, the scheme left out
    host, slash, path = rest.partition("/")
    if "@" in host:
        host = f"{MASK}@" + host.rsplit("@", 1)[1]
    return f"{scheme}{sep}{host}{slash}{path}"


def mask(text: str) -> str:
    """`text` with every token-looking value it holds replaced by ***: URL credentials and
    `Name: value` / `"Name": "value"` pairs of known token names."""
    if "=" in text:
        text = _query_secret().sub(rf"\g<1>{MASK}", text)
    if ":" in text or "=" in text:
        text = _named_secret().sub(rf"\g<1>{MASK}", text)
    return text


def mask_headers(headers: dict[str, str]) -> dict[str, str]:
    """A copy of `headers` with the secret ones masked, for display."""
    hidden = secret_headers()
    return {k: (MASK if k.lower() in hidden else v) for k, v in headers.items()}

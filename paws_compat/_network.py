"""One network policy per client (`client.network`): the requests Session that sends, the trust
store, the proxy for a URL and the rule for clear text. REST calls, attachment transfers and the
chat websocket all ask it, so they never disagree about how to reach a host.

Trust store, the first that applies (explicit settings before the environment, AWS's before
requests'):
  1. config `verify`: FALSE (no check) or the path of a CA bundle;
  2. a passed Session's own `verify`, when it is False or a path;
  3. AWS_CA_BUNDLE, then the AWS profile's `ca_bundle`;
  4. REQUESTS_CA_BUNDLE, then CURL_CA_BUNDLE (when the Session trusts the environment);
  5. certifi's bundle (requests' default).
Proxy for a URL: the Session's `proxies`, then HTTPS_PROXY / HTTP_PROXY / ALL_PROXY from the
environment (when the Session trusts it); NO_PROXY (or the Session's "no_proxy") bypasses both, and
a clear-text URL to this machine never goes through a proxy. ws:// and wss:// take the proxy of
http:// and https://. Both are resolved once per origin: a client's route does not change under it.
"""

from __future__ import annotations

import os
import ssl
import threading
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import attrs
import requests
from requests.utils import select_proxy, should_bypass_proxies

from ._config import is_loopback
from ._errors import ConfigError, ProxyConnectionError
from ._redact import mask_proxy

if TYPE_CHECKING:
    from ._transport._requests import _Sender

_PROXY_SCHEMES = frozenset({"http", "https", "socks4", "socks4a", "socks5", "socks5h"})
_PROXY_FORM = "expected http://[user:password@]host:port, https:// or socks5:// with PySocks installed"
_HTTP_SCHEME = {"ws": "http", "wss": "https", "http": "http", "https": "https"}


def default_ca_bundle() -> str:
    """requests' own default trust store (certifi's bundle)."""
    from requests.utils import DEFAULT_CA_BUNDLE_PATH

    return str(DEFAULT_CA_BUNDLE_PATH)


def _file(path: str, source: str) -> str:
    path = os.path.expanduser(path)
    if not os.path.isfile(path):
        raise ConfigError(f"{source} names {path}, which is not a file (a CA bundle was expected)")
    return path


def resolve_trust(
    config_verify: bool | str,
    aws_bundle: tuple[str, str] | None,
    session: requests.Session,
    env: Mapping[str, str],
) -> bool | str:
    """The trust store by the precedence in the module docstring: False or a CA bundle path.

    aws_bundle: (where it came from, path) for AWS_CA_BUNDLE or the profile's ca_bundle."""
    if config_verify is False:
        return False
    if isinstance(config_verify, str):
        return _file(config_verify, "config verify")
    if session.verify is False:
        return False
    if isinstance(session.verify, str):
        return _file(session.verify, "the Session's verify")
    if aws_bundle is not None:
        return _file(aws_bundle[1], aws_bundle[0])
    if session.trust_env:
        for name in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):
            if env.get(name):
                return _file(env[name], name)
    return default_ca_bundle()


@attrs.define(eq=False)
class NetworkPolicy:
    """How one client reaches hosts. Safe to share between threads.

    session: the requests Session whose adapters send (the client's own unless one was passed).
    verify: the resolved trust store (False: no TLS check, tests only). allow_http: clear text to
    hosts other than this machine is allowed (config allow_http).
    """

    session: requests.Session
    verify: bool | str
    allow_http: bool = False
    own_session: bool = True
    sender: _Sender | None = attrs.field(default=None, init=False, repr=False)  # the transport's, shared
    _proxies: dict[str, str | None] = attrs.field(factory=dict, init=False, repr=False)
    _contexts: dict[bool, ssl.SSLContext] = attrs.field(factory=dict, init=False, repr=False)
    _lock: threading.Lock = attrs.field(factory=threading.Lock, init=False, repr=False)

    def __repr__(self) -> str:
        return f"<NetworkPolicy verify={self.verify!r} allow_http={self.allow_http}>"

    # --- clear text -----------------------------------------------------------------------------

    def check_url(self, url: str, what: str = "URL") -> None:
        """Refuse a URL that would carry a token in clear text off this machine."""
        from ._redact import mask_url

        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in _HTTP_SCHEME or not parts.hostname:
            raise ConfigError(f"invalid {what} {mask_url(url)!r}: expected http(s):// or ws(s)://")
        if scheme in ("https", "wss") or self.allow_http or is_loopback(parts.hostname):
            return
        raise ConfigError(
            f"refusing clear-text {what} {mask_url(url)!r}: tokens would travel unencrypted; "
            "only https/wss leave this machine unless config allow_http = TRUE"
        )

    # --- proxies --------------------------------------------------------------------------------

    def proxy_for(self, url: str) -> str | None:
        """The proxy URL that requests to `url` go through, or None for a direct connection."""
        parts = urlsplit(url)
        scheme = _HTTP_SCHEME.get(parts.scheme.lower(), parts.scheme.lower())
        origin = f"{scheme}://{parts.netloc.lower()}"
        try:
            return self._proxies[origin]
        except KeyError:
            pass
        proxy = self._resolve_proxy(origin, scheme, parts.hostname or "")
        with self._lock:
            self._proxies[origin] = proxy
        return proxy

    def _resolve_proxy(self, origin: str, scheme: str, host: str) -> str | None:
        if scheme == "http" and is_loopback(host):
            # Clear text is allowed only because the peer is this machine: a proxy would carry
            # the token off it (and reach the wrong host).
            return None
        session = self.session
        proxies: dict[str, Any] = dict(session.proxies or {})
        no_proxy = proxies.pop("no_proxy", None)
        url = origin + "/"
        if session.trust_env:
            if should_bypass_proxies(url, no_proxy=no_proxy):
                return None
            from requests.utils import get_environ_proxies

            for key, value in get_environ_proxies(url, no_proxy=no_proxy).items():
                proxies.setdefault(key, value)
        elif no_proxy and should_bypass_proxies(url, no_proxy=no_proxy):
            return None
        proxy = select_proxy(url, proxies)
        if not proxy:
            return None
        proxy = str(proxy)
        if "://" not in proxy:
            # host:port or user:password@host:port with no scheme: an http:// proxy, as boto3 and
            # curl take it (requests alone refuses the second). Said here once, so REST, uploads,
            # the websocket and messages all see the same URL.
            proxy = "http:" + proxy if proxy.startswith("//") else "http://" + proxy
        parts = urlsplit(proxy)
        try:
            valid = parts.scheme.lower() in _PROXY_SCHEMES and bool(parts.hostname) and parts.port != 0
        except ValueError:  # a port that is not a number
            valid = False
        if not valid:
            shown = mask_proxy(proxy)
            raise ConfigError(f"the proxy {shown} for {origin} is not a valid proxy URL ({_PROXY_FORM})")
        return proxy

    def proxies_for(self, url: str) -> dict[str, str]:
        """`proxy_for(url)` in the form requests' adapters take."""
        proxy = self.proxy_for(url)
        if proxy is None:
            return {}
        return {_HTTP_SCHEME.get(url.split(":", 1)[0].lower(), "https"): proxy}

    # --- TLS ------------------------------------------------------------------------------------

    def ssl_context(self) -> ssl.SSLContext:
        """An SSLContext trusting what REST trusts (and presenting the Session's client
        certificate, if it has one): for the chat websocket."""
        key = self.verify is not False
        context = self._contexts.get(key)
        if context is None:
            if self.verify is False:
                context = ssl.create_default_context()
                context.check_hostname = False
                context.verify_mode = ssl.CERT_NONE
            else:
                context = ssl.create_default_context(cafile=str(self.verify))
            cert = self.session.cert
            if cert:
                certfile, keyfile = (cert, None) if isinstance(cert, str) else cert
                context.load_cert_chain(certfile, keyfile)
            with self._lock:
                context = self._contexts.setdefault(key, context)
        return context

    def websocket_options(self, url: str) -> dict[str, Any]:
        """Keyword arguments for websockets' `connect(url, ...)`: this policy's proxy, trust
        store and clear-text rule (websockets' own environment lookups are turned off)."""
        self.check_url(url, "websocket URL")
        options: dict[str, Any] = {"proxy": self.proxy_for(url)}
        if url[:4].lower() == "wss:":
            options["ssl"] = self.ssl_context()
            proxy = options["proxy"]
            if proxy is not None and proxy.lower().startswith("https:"):
                options["proxy_ssl"] = self.ssl_context()
        return options

    def describe_proxy(self, url: str) -> str:
        """The proxy for `url` as it may be shown (credentials masked), or "" for none."""
        proxy = self.proxy_for(url)
        return "" if proxy is None else mask_proxy(proxy)

    # --- attachments ----------------------------------------------------------------------------

    def transfer(
        self,
        method: str,
        url: str,
        *,
        body: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: float = 60.0,
        limit: int = 32 * 1024 * 1024,
    ) -> tuple[int, bytes]:
        """One request to a URL the service handed out (a pre-signed attachment URL): sent by the
        Session's adapters with this policy's proxy and trust store. (status, body up to limit).
        Raises ConnectionError, ConnectTimeoutError or ReadTimeoutError; messages never hold the
        URL's query (its signature)."""
        from ._transport import Timeouts
        from ._transport._requests import send_once

        self.check_url(url, "attachment URL")
        timeouts = Timeouts(timeout, timeout)
        response = send_once(self, method, url, dict(headers or {}), body, timeouts, limit=limit)
        return response.status, response.body

    def close(self) -> None:
        """Release pooled connections of a Session this policy made (a passed one stays open)."""
        if self.own_session:
            self.session.close()


def build(
    *,
    session: requests.Session | None,
    config_verify: bool | str,
    aws_bundle: tuple[str, str] | None,
    allow_http: bool,
    env: Mapping[str, str] | None = None,
) -> NetworkPolicy:
    """The policy of one client: the passed Session (or a new one) and the resolved trust store."""
    own = session is None
    if session is None:
        from ._transport._requests import new_session

        session = new_session()
    verify = resolve_trust(config_verify, aws_bundle, session, os.environ if env is None else env)
    return NetworkPolicy(session=session, verify=verify, allow_http=allow_http, own_session=own)


def of(client: Any) -> NetworkPolicy | None:
    """`client`'s network policy; None for an object that is not a paws_compat client."""
    network = getattr(client, "network", None)
    return network if isinstance(network, NetworkPolicy) else None


def standalone(env: Mapping[str, str] | None = None) -> NetworkPolicy:
    """The policy a client with the default config would have, for bytes sent on behalf of an
    object that has none (a stand-in client handed to a chat session): the environment's proxies
    and trust store (AWS_CA_BUNDLE, the profile's ca_bundle, REQUESTS_CA_BUNDLE...), no clear
    text off this machine. Its Session is its own: close() the policy after use."""
    from ._config import aws_ca_bundle

    env = os.environ if env is None else env
    return build(session=None, config_verify=True, aws_bundle=aws_ca_bundle(env), allow_http=False, env=env)


def proxy_error(policy: NetworkPolicy, url: str, reason: str) -> ProxyConnectionError:
    """The error for a proxy that could not be reached: names it, credentials masked."""
    return ProxyConnectionError(f"could not reach the proxy {policy.describe_proxy(url)}: {reason}")

"""Client configuration: paws' config keys as a frozen, validated value, and where region and
endpoint come from when they are not given (environment, then the AWS profile in ~/.aws/config).

Resolution happens once, when a client is created; a Config never changes afterwards.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import attrs

from ._endpoints import default_endpoint
from ._errors import ConfigError
from ._paws_options import split_paws_options
from ._redact import mask_endpoint

if TYPE_CHECKING:
    import configparser

SERVICE_CONFIG_KEY = "connectparticipant"  # key in a profile's [services ...] section
RETRY_MODES = ("standard",)


def _config_error(attribute: attrs.Attribute[Any], rule: str, value: Any, show: bool = True) -> ConfigError:
    shown = f", not {value!r}" if show else ""
    return ConfigError(f"config {attribute.name} must be {rule}{shown}")


def _bool(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, bool):
        raise ConfigError(f"config {attribute.name} must be TRUE/FALSE (a bool), not {type(value).__name__}")


def _optional_text(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and not (isinstance(value, str) and value):
        raise _config_error(attribute, "a non-empty string or None", value)


def _seconds(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
        raise _config_error(attribute, "a number of seconds > 0", value)


def _whole_at_least(least: int) -> Callable[[Any, attrs.Attribute[Any], Any], None]:
    def check(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if isinstance(value, bool) or not isinstance(value, int) or value < least:
            raise _config_error(attribute, f"an integer >= {least}", value)

    return check


def _retry_mode(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value not in RETRY_MODES:
        raise _config_error(attribute, f"one of {', '.join(RETRY_MODES)}", value)


def _verify(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, bool | str) or value == "":
        raise _config_error(attribute, "TRUE/FALSE or the path of a CA bundle", value, show=False)


def _credentials(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and not isinstance(value, Mapping):
        raise _config_error(attribute, "a dict (as paws' list) or None", value, show=False)


def _int_or_float(value: Any) -> Any:
    # R numbers arrive as floats: 3.0 retries means 3.
    if isinstance(value, float) and value.is_integer() and value >= 0:
        return int(value)
    return value


def _credentials_repr(value: Any) -> str:
    # Credentials are accepted for paws compatibility, never used and never shown.
    return "None" if value is None else "<given, unused>"


@attrs.frozen(kw_only=True)
class Config:
    """Settings of one client. Keys are paws' config names where paws has one.

    max_retries is boto3 standard mode's attempt budget: at most this many attempts in all
    (3 by default; 0 or 1 means send once). timeout is the read timeout, which paws documents
    but rejects; it is honoured here. Plain http:// endpoints are refused off loopback unless
    allow_http is TRUE, so a token is never sent in clear by accident.
    """

    region: str | None = attrs.field(default=None, validator=_optional_text)
    endpoint: str | None = attrs.field(default=None, validator=_optional_text)
    credentials: Mapping[str, Any] | None = attrs.field(
        default=None, validator=_credentials, repr=_credentials_repr, eq=False
    )
    profile: str | None = attrs.field(default=None, validator=_optional_text)
    max_retries: int = attrs.field(default=3, converter=_int_or_float, validator=_whole_at_least(0))
    connect_timeout: float = attrs.field(default=60, validator=_seconds)
    timeout: float = attrs.field(default=60, validator=_seconds)
    # The whole call's deadline: connecting, reading and the waits between retries (a body
    # trickled a byte at a time never outlives it).
    call_timeout: float = attrs.field(default=120, validator=_seconds)
    close_connection: bool = attrs.field(default=False, validator=_bool)
    retry_mode: str = attrs.field(default="standard", validator=_retry_mode)
    allow_http: bool = attrs.field(default=False, validator=_bool)
    verify: bool | str = attrs.field(default=True, validator=_verify)
    use_fips_endpoint: bool = attrs.field(default=False, validator=_bool)
    use_dualstack_endpoint: bool = attrs.field(default=False, validator=_bool)
    # Connections kept open per host (botocore's name and default): raise it when many threads or
    # chat sessions share one client.
    max_pool_connections: int = attrs.field(default=10, converter=_int_or_float, validator=_whole_at_least(1))

    @classmethod
    def valid_keys(cls) -> tuple[str, ...]:
        return tuple(field.name for field in attrs.fields(cls))

    @classmethod
    def from_args(
        cls,
        config: Config | Mapping[str, Any] | None = None,
        credentials: Mapping[str, Any] | None = None,
        endpoint: str | None = None,
        region: str | None = None,
    ) -> Config:
        """Merge paws' four constructor arguments; the explicit ones win over config's keys."""
        if config is None:
            settings: dict[str, Any] = {}
        elif isinstance(config, Config):
            settings = attrs.asdict(config, recurse=False)
        elif isinstance(config, Mapping):
            settings = dict(config)
        else:
            raise ConfigError(f"config must be a dict or a paws_compat.Config, not {type(config).__name__}")
        settings, _ = split_paws_options(settings)  # paws.common's other keys: accepted (_paws_options)
        unknown = sorted(str(k) for k in settings if k not in cls.valid_keys())
        if unknown:
            raise ConfigError(
                f"invalid config key{'s' if len(unknown) > 1 else ''}: {', '.join(unknown)}; "
                f"valid keys are: {', '.join(cls.valid_keys())}"
            )
        if credentials is not None:
            settings["credentials"] = credentials
        if endpoint is not None:
            settings["endpoint"] = endpoint
        if region is not None:
            settings["region"] = region
        creds = settings.get("credentials")
        # paws' credentials = list(profile = "x") selects the profile for region look-up too.
        if isinstance(creds, Mapping) and creds.get("profile") and not settings.get("profile"):
            settings["profile"] = creds["profile"]
        # paws passes empty strings / NULL for "not set".
        for key in ("region", "endpoint", "profile"):
            if settings.get(key) == "":
                settings[key] = None
        return cls(**settings)


@attrs.frozen
class Endpoint:
    """Where requests go: scheme, host, port, and a path prefix joined before operation paths."""

    url: str
    scheme: str
    host: str
    port: int
    base_path: str

    @property
    def origin(self) -> str:
        default_port = 443 if self.scheme == "https" else 80
        netloc = f"[{self.host}]" if ":" in self.host else self.host
        if self.port != default_port:
            netloc = f"{netloc}:{self.port}"
        return f"{self.scheme}://{netloc}"


@attrs.frozen
class Resolved:
    """A Config with region and endpoint settled, and AWS's CA bundle if one is set: what the
    client uses. aws_bundle is (where it came from, path) for AWS_CA_BUNDLE or the profile's
    ca_bundle; the trust store itself is settled by the network policy (paws_compat._network).
    """

    config: Config
    region: str | None
    endpoint: Endpoint
    aws_bundle: tuple[str, str] | None


def _where(error: Exception) -> str:
    """The line numbers a configparser error names, without the lines themselves."""
    lines = [lineno for lineno, _ in getattr(error, "errors", ())]
    lineno = getattr(error, "lineno", None)
    if lineno is not None:
        lines.append(lineno)
    return f" (line {', '.join(map(str, sorted(set(lines))))})" if lines else ""


def _truthy(value: str | None) -> bool:
    return value is not None and value.strip().lower() == "true"


class _Profile:
    """The selected profile of the AWS config file, read only if and when something is missing."""

    def __init__(self, name: str | None, env: Mapping[str, str]) -> None:
        self.name = name or env.get("AWS_PROFILE") or env.get("AWS_DEFAULT_PROFILE") or "default"
        self.explicit = bool(name or env.get("AWS_PROFILE") or env.get("AWS_DEFAULT_PROFILE"))
        self.path = os.path.expanduser(env.get("AWS_CONFIG_FILE") or os.path.join("~", ".aws", "config"))
        self._parser: configparser.ConfigParser | None = None
        self._loaded = False

    def _load(self) -> configparser.ConfigParser | None:
        """The parsed file; None when there is none or it is empty (configparser not imported)."""
        if not self._loaded:
            try:
                with open(self.path, encoding="utf-8") as handle:
                    text = handle.read()
            except FileNotFoundError:
                text = ""
            except (OSError, UnicodeDecodeError) as exc:
                raise ConfigError(f"cannot read the AWS config file {self.path}: {exc}") from None
            if text.strip():
                import configparser  # only when there is a file to read: keeps start-up fast

                parser = configparser.ConfigParser(interpolation=None)
                try:
                    parser.read_string(text, source=self.path)
                except configparser.Error as exc:
                    # configparser quotes the offending lines, and the file may hold secrets: say where.
                    raise ConfigError(
                        f"cannot parse the AWS config file {self.path}{_where(exc)}: "
                        f"{type(exc).__name__} (the file is not shown: it may hold secrets)"
                    ) from None
                self._parser = parser
            self._loaded = True
        return self._parser

    def _section(self) -> Mapping[str, str] | None:
        parser = self._load()
        names = [f"profile {self.name}"] + (["default"] if self.name == "default" else [])
        for section in names:
            if parser is not None and parser.has_section(section):
                return parser[section]
        if self.explicit and self.name != "default":
            raise ConfigError(f"the AWS profile {self.name!r} is not in {self.path}")
        return None

    def get(self, key: str) -> str | None:
        section = self._section()
        value = section.get(key) if section is not None else None
        return value.strip() or None if value else None

    def service_endpoint(self, service: str = SERVICE_CONFIG_KEY) -> str | None:
        """endpoint_url in the profile's `services` section for this service, if any."""
        services = self.get("services")
        if not services:
            return None
        parser = self._load()
        section_name = f"services {services}"
        if parser is None or not parser.has_section(section_name):
            return None
        nested = parser[section_name].get(service)
        if not nested:
            return None
        for line in nested.splitlines():
            key, sep, value = line.partition("=")
            if sep and key.strip() == "endpoint_url" and value.strip():
                return value.strip()
        return None


_LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})


def is_loopback(host: str) -> bool:
    import ipaddress  # only for plain-http endpoints

    # Names under .localhost are not counted: the system resolver may send them to DNS.
    if host.lower() in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


_NOT_IN_HOSTS = frozenset('<>"{}|\\^`')


def parse_endpoint(url: str, *, allow_http: bool) -> Endpoint:
    """Check and split a custom endpoint URL; refuse clear-text http off loopback unless allowed."""
    shown = mask_endpoint(url)
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise ConfigError(f"invalid endpoint {shown!r}: {exc}") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"invalid endpoint {shown!r}: expected http(s)://host[:port][/path]")
    if parts.query or parts.fragment or parts.username or parts.password:
        raise ConfigError(f"invalid endpoint {shown!r}: no user, query or fragment allowed")
    host = parts.hostname
    if any(ch.isspace() or ord(ch) < 32 or ch in _NOT_IN_HOSTS for ch in host):
        raise ConfigError(f"invalid endpoint {shown!r}: the host {host!r} is not a host name or address")
    if scheme == "http" and not allow_http and not is_loopback(host):
        raise ConfigError(
            f"refusing plain http endpoint {shown!r}: tokens would travel unencrypted; "
            "use https, a loopback host, or config allow_http = TRUE"
        )
    return Endpoint(
        url=url,
        scheme=scheme,
        host=host,
        port=port if port is not None else (443 if scheme == "https" else 80),
        base_path=parts.path.rstrip("/"),
    )


def resolve(
    config: Config, env: Mapping[str, str] | None = None, *, service: str = SERVICE_CONFIG_KEY
) -> Resolved:
    """Settle region and endpoint from the config, the environment and the AWS profile.

    Region: config, AWS_REGION, AWS_DEFAULT_REGION, the profile's region.
    Endpoint: config, AWS_ENDPOINT_URL_CONNECTPARTICIPANT, AWS_ENDPOINT_URL, the profile's
    services endpoint_url, the profile's endpoint_url, else the default host for the region.
    """
    env = os.environ if env is None else env
    profile = _Profile(config.profile, env)
    region = config.region or env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION") or None
    url = config.endpoint
    if url is None and not _truthy(env.get("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")):
        url = env.get(f"AWS_ENDPOINT_URL_{service.upper()}") or env.get("AWS_ENDPOINT_URL") or None
        if url is None and profile.get("ignore_configured_endpoint_urls") != "true":
            url = profile.service_endpoint(service) or profile.get("endpoint_url")
    if region is None and (url is None or config.profile or env.get("AWS_PROFILE")):
        region = profile.get("region")
    if url is not None:
        if config.use_fips_endpoint or config.use_dualstack_endpoint:
            raise ConfigError("a custom endpoint cannot be combined with FIPS or dual-stack")
        endpoint = parse_endpoint(url, allow_http=config.allow_http)
        return Resolved(config, region, endpoint, _aws_bundle(config, endpoint, env, profile))
    use_fips = config.use_fips_endpoint or _truthy(env.get("AWS_USE_FIPS_ENDPOINT"))
    use_dual = config.use_dualstack_endpoint or _truthy(env.get("AWS_USE_DUALSTACK_ENDPOINT"))
    if not use_fips and region is not None:
        use_fips = _truthy(profile.get("use_fips_endpoint"))
    if not use_dual and region is not None:
        use_dual = _truthy(profile.get("use_dualstack_endpoint"))
    url = default_endpoint(region, use_fips=use_fips, use_dual_stack=use_dual, service=service)
    endpoint = parse_endpoint(url, allow_http=False)
    return Resolved(config, region, endpoint, _aws_bundle(config, endpoint, env, profile))


def _aws_bundle(
    config: Config, endpoint: Endpoint, env: Mapping[str, str], profile: _Profile
) -> tuple[str, str] | None:
    """AWS's CA bundle (a company CA or a TLS-inspecting proxy), when config verify leaves the
    choice open: AWS_CA_BUNDLE, else the profile's ca_bundle (as boto3 does)."""
    if endpoint.scheme != "https" or config.verify is not True:
        return None
    return aws_ca_bundle(env, profile)


def aws_ca_bundle(
    env: Mapping[str, str] | None = None, profile: _Profile | None = None
) -> tuple[str, str] | None:
    """AWS_CA_BUNDLE, else the (default or AWS_PROFILE's) profile's ca_bundle: (where, path)."""
    env = os.environ if env is None else env
    profile = _Profile(None, env) if profile is None else profile
    bundle = env.get("AWS_CA_BUNDLE") or None
    if bundle is not None:
        return "AWS_CA_BUNDLE", bundle
    bundle = profile.get("ca_bundle")
    if bundle is not None:
        return f"ca_bundle of the AWS profile {profile.name!r}", bundle
    return None

"""Config: paws' keys, validation, immutability, and region / endpoint resolution from the
arguments, the environment and the AWS profile (a temporary AWS_CONFIG_FILE)."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

import attrs
import pytest

import paws_compat
from paws_compat._config import Config, is_loopback, parse_endpoint, resolve
from paws_compat.errors import ConfigError
from tests.core.conftest import CANARY
from tests.core.server import Reply, ScriptedServer


def test_defaults_follow_paws_and_boto3_standard_mode() -> None:
    config = Config()
    assert config.max_retries == 3
    assert config.connect_timeout == 60
    assert config.timeout == 60
    assert config.retry_mode == "standard"
    assert config.close_connection is False
    assert config.allow_http is False
    assert config.verify is True


def test_config_is_immutable() -> None:
    config = Config(region="us-east-1")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        config.region = "eu-west-1"  # type: ignore[misc]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        del config.region
    assert isinstance(attrs.exceptions.FrozenInstanceError(), AttributeError)


def test_config_is_keyword_only_and_knows_its_keys() -> None:
    with pytest.raises(TypeError):
        Config("us-east-1")  # type: ignore[misc]
    with pytest.raises(TypeError, match="regoin"):
        Config(regoin="us-east-1")  # type: ignore[call-arg]


def test_a_value_is_converted_then_checked() -> None:
    assert Config(max_retries=2.0).max_retries == 2  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match=r"max_retries must be an integer >= 0, not -1\.0"):
        Config(max_retries=-1.0)  # type: ignore[arg-type]


def test_credentials_stay_out_of_equality_and_hash() -> None:
    a = Config(region="us-east-1", credentials={"profile": "a"})
    b = Config(region="us-east-1", credentials={"profile": "b"})
    assert a == b and hash(a) == hash(b)
    assert a != Config(region="us-east-2")


def test_evolve_makes_a_checked_copy() -> None:
    base = Config(region="us-east-1", max_retries=2)
    changed = attrs.evolve(base, max_retries=5.0)
    assert (changed.max_retries, changed.region, base.max_retries) == (5, "us-east-1", 2)
    with pytest.raises(ConfigError, match="timeout"):
        attrs.evolve(base, timeout=0)


def test_config_survives_pickle_and_copies() -> None:
    import copy
    import pickle

    config = Config(region="us-east-1", credentials={"profile": "p"}, verify=False)
    for clone in (pickle.loads(pickle.dumps(config)), copy.copy(config), copy.deepcopy(config)):
        assert clone == config and clone.credentials == {"profile": "p"}
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            clone.region = "x"  # type: ignore[misc]


def test_unknown_keys_fail_with_the_list_of_valid_ones() -> None:
    with pytest.raises(ConfigError) as caught:
        Config.from_args({"regoin": "us-east-1", "max_retry": 2})
    text = str(caught.value)
    assert "invalid config keys: max_retry, regoin" in text
    for key in Config.valid_keys():
        assert key in text


def test_timeout_is_accepted_and_honoured_unlike_paws() -> None:
    assert Config.from_args({"timeout": 2.5}).timeout == 2.5


@pytest.mark.parametrize(
    ("settings", "complaint"),
    [
        ({"max_retries": -1}, "max_retries"),
        ({"max_retries": True}, "max_retries"),
        ({"max_retries": "3"}, "max_retries"),
        ({"connect_timeout": 0}, "connect_timeout"),
        ({"timeout": "60"}, "timeout"),
        ({"close_connection": 1}, "close_connection"),
        ({"retry_mode": "adaptive"}, "retry_mode"),
        ({"allow_http": "yes"}, "allow_http"),
        ({"region": 5}, "region"),
        ({"credentials": "secret"}, "credentials"),
        ({"verify": ""}, "verify"),
    ],
)
def test_bad_values_are_config_errors(settings: dict[str, object], complaint: str) -> None:
    with pytest.raises(ConfigError, match=complaint):
        Config.from_args(settings)


def test_r_style_numbers_and_empty_strings() -> None:
    config = Config.from_args({"max_retries": 5.0, "region": "", "endpoint": ""})
    assert config.max_retries == 5
    assert config.region is None and config.endpoint is None


def test_explicit_arguments_win_over_config_keys() -> None:
    config = Config.from_args(
        {"region": "eu-west-1", "endpoint": "https://a.example"},
        endpoint="https://b.example",
        region="us-east-2",
    )
    assert (config.region, config.endpoint) == ("us-east-2", "https://b.example")


def test_credentials_are_accepted_unused_and_never_shown() -> None:
    creds = {"creds": {"access_key_id": "AKIA", "secret_access_key": CANARY}, "profile": "work"}
    config = Config.from_args({"region": "us-east-1"}, credentials=creds)
    assert config.credentials == creds
    assert config.profile == "work"
    assert CANARY not in repr(config)
    assert "AKIA" not in repr(config)


def test_config_object_can_be_passed_and_overridden() -> None:
    base = Config(region="us-east-1", max_retries=1)
    merged = Config.from_args(base, region="eu-central-1")
    assert merged.region == "eu-central-1" and merged.max_retries == 1


def test_config_must_be_a_mapping() -> None:
    with pytest.raises(ConfigError, match="config must be a dict"):
        Config.from_args(["region"])  # type: ignore[arg-type]


# ---- region -------------------------------------------------------------------------------------


def test_region_argument_first(clean_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_REGION", "eu-west-1")
    assert resolve(Config(region="ap-south-1")).region == "ap-south-1"


def test_region_from_aws_region_then_default_region(clean_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-3")
    assert resolve(Config()).region == "eu-west-3"
    monkeypatch.setenv("AWS_REGION", "eu-west-1")
    resolved = resolve(Config())
    assert resolved.region == "eu-west-1"
    assert resolved.endpoint.url == "https://participant.connect.eu-west-1.amazonaws.com"


def test_region_from_default_profile(clean_env: Path) -> None:
    clean_env.write_text("[default]\nregion = ca-central-1\n")
    assert resolve(Config()).region == "ca-central-1"


def test_region_from_named_profile(clean_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    clean_env.write_text("[default]\nregion = ca-central-1\n\n[profile chat]\nregion = ap-northeast-1\n")
    monkeypatch.setenv("AWS_PROFILE", "chat")
    resolved = resolve(Config())
    assert resolved.region == "ap-northeast-1"
    assert resolved.endpoint.host == "participant.connect.ap-northeast-1.amazonaws.com"


def test_profile_from_paws_credentials(clean_env: Path) -> None:
    clean_env.write_text("[profile fromcreds]\nregion = sa-east-1\n")
    config = Config.from_args(credentials={"profile": "fromcreds"})
    assert resolve(config).region == "sa-east-1"


def test_missing_named_profile_is_an_error(clean_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_PROFILE", "nope")
    with pytest.raises(ConfigError, match="'nope' is not in"):
        resolve(Config())


def test_no_region_and_no_endpoint_is_an_error(clean_env: Path) -> None:
    with pytest.raises(ConfigError, match="no region"):
        resolve(Config())


def test_unreadable_config_file_is_a_config_error(clean_env: Path) -> None:
    clean_env.write_text("region = no section header\n")
    with pytest.raises(ConfigError, match=r"cannot parse the AWS config file .* \(line 1\)"):
        resolve(Config())


# ---- endpoint -----------------------------------------------------------------------------------


def test_endpoint_precedence(clean_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    clean_env.write_text("[default]\nregion = us-west-2\nendpoint_url = http://127.0.0.1:9001\n")
    assert resolve(Config()).endpoint.url == "http://127.0.0.1:9001"
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:9002")
    assert resolve(Config()).endpoint.url == "http://127.0.0.1:9002"
    monkeypatch.setenv("AWS_ENDPOINT_URL_CONNECTPARTICIPANT", "http://127.0.0.1:9003")
    assert resolve(Config()).endpoint.url == "http://127.0.0.1:9003"
    assert resolve(Config(endpoint="http://localhost:9004")).endpoint.url == "http://localhost:9004"


def test_service_specific_endpoint_in_profile(clean_env: Path) -> None:
    clean_env.write_text(
        "[default]\nregion = us-west-2\nendpoint_url = http://127.0.0.1:9001\nservices = local\n\n"
        "[services local]\nconnectparticipant =\n  endpoint_url = http://127.0.0.1:9005\n"
    )
    assert resolve(Config()).endpoint.url == "http://127.0.0.1:9005"


def test_configured_endpoints_can_be_ignored(clean_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    clean_env.write_text("[default]\nregion = us-west-2\nendpoint_url = http://127.0.0.1:9001\n")
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:9002")
    monkeypatch.setenv("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true")
    assert resolve(Config()).endpoint.url == "https://participant.connect.us-west-2.amazonaws.com"


def test_custom_endpoint_needs_no_region(clean_env: Path) -> None:
    resolved = resolve(Config(endpoint="https://chat.example.com:8443/base/"))
    assert resolved.region is None
    endpoint = resolved.endpoint
    assert (endpoint.scheme, endpoint.host, endpoint.port, endpoint.base_path) == (
        "https",
        "chat.example.com",
        8443,
        "/base",
    )
    assert endpoint.origin == "https://chat.example.com:8443"


def test_fips_and_dual_stack_from_config_and_env(clean_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fips = resolve(Config(region="us-east-1", use_fips_endpoint=True))
    assert fips.endpoint.host == "participant.connect-fips.us-east-1.amazonaws.com"
    monkeypatch.setenv("AWS_USE_DUALSTACK_ENDPOINT", "true")
    assert resolve(Config(region="us-east-1")).endpoint.host == "participant.connect.us-east-1.api.aws"


def test_fips_from_profile(clean_env: Path) -> None:
    clean_env.write_text("[default]\nregion = us-gov-west-1\nuse_fips_endpoint = true\n")
    assert resolve(Config()).endpoint.host == "participant.connect.us-gov-west-1.amazonaws.com"


def test_custom_endpoint_with_fips_is_refused(clean_env: Path) -> None:
    with pytest.raises(ConfigError, match="FIPS or dual-stack"):
        resolve(Config(endpoint="https://x.example", use_fips_endpoint=True))


@pytest.mark.parametrize("host", ["127.0.0.1", "127.8.9.10", "localhost", "[::1]"])
def test_plain_http_allowed_on_loopback(host: str) -> None:
    assert parse_endpoint(f"http://{host}:8080", allow_http=False).scheme == "http"


# app.localhost too: the system resolver may send names under .localhost to DNS.
@pytest.mark.parametrize("host", ["10.0.0.5", "example.com", "192.168.1.1", "[2001:db8::1]", "app.localhost"])
def test_plain_http_refused_off_loopback_unless_allowed(host: str) -> None:
    with pytest.raises(ConfigError, match="refusing plain http"):
        parse_endpoint(f"http://{host}:8080", allow_http=False)
    assert parse_endpoint(f"http://{host}:8080", allow_http=True).port == 8080


@pytest.mark.parametrize(
    "url",
    ["ftp://x.example", "chat.example.com", "https://", "https://u:p@x.example", "https://x.example/?a=1"],
)
def test_malformed_endpoints_are_refused(url: str) -> None:
    with pytest.raises(ConfigError, match="invalid endpoint"):
        parse_endpoint(url, allow_http=False)


def test_endpoint_errors_never_show_a_password_or_query() -> None:
    with pytest.raises(ConfigError) as caught:
        parse_endpoint("https://user:S3CRETPW@x.example/?token=QSECRET", allow_http=False)
    assert "S3CRETPW" not in str(caught.value) and "QSECRET" not in str(caught.value)
    assert "https://***@x.example/?***" in str(caught.value)


def test_a_malformed_config_file_is_named_by_line_not_quoted(clean_env: Path) -> None:
    clean_env.write_text("[default]\nregion = us-east-1\n[profile x\naws_secret_access_key wJalrSECRET\n")
    with pytest.raises(ConfigError) as caught:
        resolve(Config())
    text = str(caught.value)
    assert "wJalrSECRET" not in text
    assert "cannot parse the AWS config file" in text and "line 3, 4" in text


def test_loopback_detection() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("LOCALHOST")
    assert not is_loopback("127.example.com") and not is_loopback("0.0.0.0")


def test_client_exposes_resolved_region_and_endpoint(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_REGION", "eu-central-1")
    svc = paws_compat.connectparticipant()
    assert svc.region == "eu-central-1"
    assert svc.endpoint.url == "https://participant.connect.eu-central-1.amazonaws.com"
    svc.close()


def test_max_pool_connections_is_validated() -> None:
    assert Config().max_pool_connections == 10
    assert Config.from_args({"max_pool_connections": 32.0}).max_pool_connections == 32
    for bad in (0, -1, True, "10", 2.5):
        with pytest.raises(ConfigError, match="max_pool_connections"):
            Config.from_args({"max_pool_connections": bad})


def _concurrent_calls(svc: paws_compat.Client, threads: int) -> None:
    barrier = threading.Barrier(threads)

    def call() -> None:
        barrier.wait(timeout=10)
        svc.disconnect_participant(ConnectionToken="tok")

    workers = [threading.Thread(target=call) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=30)
        assert not worker.is_alive()


def test_max_pool_connections_keeps_that_many_connections_open(
    caplog: pytest.LogCaptureFixture,
) -> None:
    # Many threads share one client: with a pool as large as the concurrency, every connection
    # is kept for reuse; a smaller pool has to discard some (urllib3 says so in a warning).
    threads = 12
    with ScriptedServer(default=Reply(delay=0.2)) as server:
        roomy = paws_compat.connectparticipant(
            endpoint=server.url, region="us-east-1", config={"max_pool_connections": threads}
        )
        with caplog.at_level(logging.WARNING, logger="urllib3"):
            _concurrent_calls(roomy, threads)
        assert not [r for r in caplog.records if "pool is full" in r.getMessage()]

        caplog.clear()
        small = paws_compat.connectparticipant(
            endpoint=server.url, region="us-east-1", config={"max_pool_connections": 2}
        )
        with caplog.at_level(logging.WARNING, logger="urllib3"):
            _concurrent_calls(small, threads)
        assert [r for r in caplog.records if "pool is full" in r.getMessage()]
        assert len(server.requests) == 2 * threads

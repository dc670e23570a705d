"""The network policy: requests' conventions (patching tools, mounted adapters, proxies from the
environment and NO_PROXY, its CA variables) with AWS's on top, and the clear-text rule."""

from __future__ import annotations

from pathlib import Path

import pytest
import requests
import requests_mock
import responses

import paws_compat
from paws_compat._errors import ConfigError
from paws_compat._network import default_ca_bundle
from tests.core.server import Reply, ScriptedServer

URL = "https://participant.connect.us-east-1.amazonaws.com"


@pytest.fixture(autouse=True)
def _no_proxies(monkeypatch: pytest.MonkeyPatch, clean_env: Path) -> None:
    for name in (
        "HTTPS_PROXY",
        "HTTP_PROXY",
        "ALL_PROXY",
        "NO_PROXY",
        "REQUESTS_CA_BUNDLE",
        "CURL_CA_BUNDLE",
    ):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)


def _send(svc: paws_compat.Client) -> str:
    return str(svc.send_message(ContentType="text/plain", Content="hi", ConnectionToken="t")["Id"])


def test_responses_intercepts_the_default_client() -> None:
    svc = paws_compat.connectparticipant(region="us-east-1")
    with responses.RequestsMock() as mocked:
        mocked.add(responses.POST, f"{URL}/participant/message", json={"Id": "from-responses"})
        assert _send(svc) == "from-responses"
        assert mocked.calls[0].request.headers["X-Amz-Bearer"] == "t"


def test_requests_mock_intercepts_the_default_client() -> None:
    svc = paws_compat.connectparticipant(region="us-east-1")
    with requests_mock.Mocker() as mocked:
        mocked.post(f"{URL}/participant/message", json={"Id": "from-requests-mock"})
        assert _send(svc) == "from-requests-mock"
        assert mocked.last_request.headers["X-Amz-Bearer"] == "t"


@pytest.mark.parametrize("tool", ["responses", "requests-mock"])
def test_a_mock_started_after_the_first_call_still_intercepts(server: ScriptedServer, tool: str) -> None:
    """A client made (and used) at import time, a test that starts mocking later: the route the
    first call settled must not carry the next call past the mock, nor the mock outlive its end."""
    svc = paws_compat.connectparticipant(endpoint=server.url, region="us-east-1")
    server.script(Reply(body={"Id": "real-1"}), Reply(body={"Id": "real-2"}))
    assert _send(svc) == "real-1"
    url = f"{server.url}/participant/message"
    if tool == "responses":
        with responses.RequestsMock() as mocked:
            mocked.add(responses.POST, url, json={"Id": "mocked"})
            assert _send(svc) == "mocked"
    else:
        with requests_mock.Mocker() as mocker:
            mocker.post(url, json={"Id": "mocked"})
            assert _send(svc) == "mocked"
    assert len(server.requests) == 1  # the mocked call never reached the server
    assert _send(svc) == "real-2"  # and after the mock, calls go out again
    assert len(server.requests) == 2


def test_a_mounted_adapter_sends_the_calls() -> None:
    sent: list[str] = []

    class Recording(requests.adapters.HTTPAdapter):
        def send(self, request: requests.PreparedRequest, **kwargs: object) -> requests.Response:
            sent.append(str(request.url))
            reply = requests.Response()
            reply.status_code = 200
            reply.raw = __import__("io").BytesIO(b'{"Id": "mounted"}')
            return reply

    session = requests.Session()
    session.mount("https://participant.", Recording())
    svc = paws_compat.Client({"region": "us-east-1"}, session=session)
    assert _send(svc) == "mounted"
    assert sent == [f"{URL}/participant/message"]


def test_proxies_come_from_the_environment_and_no_proxy_bypasses_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "http://user:secret@proxy.invalid:3128")
    network = paws_compat.connectparticipant(region="us-east-1").network
    assert network.proxy_for(URL + "/x") == "http://user:secret@proxy.invalid:3128"
    assert network.proxy_for("wss://ws.example.com/connect") == "http://user:secret@proxy.invalid:3128"
    assert network.describe_proxy(URL) == "http://***@proxy.invalid:3128"
    assert network.proxy_for("http://127.0.0.1:9/x") is None  # clear text to this machine: never
    monkeypatch.setenv("NO_PROXY", "amazonaws.com")
    network = paws_compat.connectparticipant(region="us-east-1").network
    assert network.proxy_for(URL) is None
    assert network.proxy_for("https://example.com") == "http://user:secret@proxy.invalid:3128"


def test_a_sessions_proxies_count_and_no_proxy_bypasses_them_too() -> None:
    session = requests.Session()
    session.proxies = {"https": "http://proxy.invalid:8080", "no_proxy": "example.com"}
    network = paws_compat.Client({"region": "us-east-1"}, session=session).network
    assert network.proxy_for(URL) == "http://proxy.invalid:8080"
    assert network.proxy_for("https://example.com/") is None


def _bundle(tmp_path: Path, name: str) -> str:
    path = tmp_path / name
    path.write_text(Path(default_ca_bundle()).read_text())
    return str(path)


def test_the_trust_store_follows_one_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    aws, req, curl, cfg, sess, prof = (
        _bundle(tmp_path, f"{n}.pem") for n in ("aws", "req", "curl", "cfg", "sess", "prof")
    )
    config_file = tmp_path / "aws_config"
    config_file.write_text(f"[default]\nca_bundle = {prof}\n")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config_file))
    monkeypatch.setenv("CURL_CA_BUNDLE", curl)

    def trust(config: dict[str, object] | None = None, session: requests.Session | None = None) -> object:
        return paws_compat.Client({"region": "us-east-1", **(config or {})}, session=session).network.verify

    assert trust() == prof  # the profile's ca_bundle beats requests' variables
    monkeypatch.setenv("AWS_CA_BUNDLE", aws)
    assert trust() == aws
    with_verify = requests.Session()
    with_verify.verify = sess
    assert trust(session=with_verify) == sess
    assert trust({"verify": cfg}, session=with_verify) == cfg
    assert trust({"verify": False}) is False
    monkeypatch.delenv("AWS_CA_BUNDLE")
    config_file.write_text("")
    assert trust() == curl
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", req)
    assert trust() == req
    monkeypatch.delenv("REQUESTS_CA_BUNDLE")
    monkeypatch.delenv("CURL_CA_BUNDLE")
    assert trust() == default_ca_bundle()
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(tmp_path / "missing.pem"))
    with pytest.raises(ConfigError, match=r"REQUESTS_CA_BUNDLE names .*missing\.pem"):
        trust()


def test_clear_text_leaves_this_machine_only_when_allowed() -> None:
    network = paws_compat.connectparticipant(region="us-east-1").network
    network.check_url("https://example.com/a")
    network.check_url("wss://example.com/a")
    network.check_url("http://127.0.0.1:8/a?X-Amz-Signature=s")
    network.check_url("ws://localhost:8/ws")
    with pytest.raises(
        ConfigError, match=r"refusing clear-text URL 'http://example.com/a\?X-Amz-Signature=\*\*\*'"
    ):
        network.check_url("http://example.com/a?X-Amz-Signature=secret")
    with pytest.raises(ConfigError, match="refusing clear-text websocket URL"):
        network.websocket_options("ws://example.com/ws?AuthToken=secret")
    allowed = paws_compat.connectparticipant(region="us-east-1", config={"allow_http": True}).network
    allowed.check_url("http://example.com/a")


def test_websocket_options_carry_the_policys_proxy_and_trust(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.invalid:3128")
    network = paws_compat.connectparticipant(region="us-east-1").network
    options = network.websocket_options("wss://ws.example.com/connect?AuthToken=x")
    assert options["proxy"] == "http://proxy.invalid:3128"
    assert options["ssl"] is network.ssl_context()
    assert network.websocket_options("ws://127.0.0.1:5/ws") == {"proxy": None}

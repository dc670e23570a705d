"""The transport's three ways out against a real local server (straight into the pool of our own
adapter, into a plain Session's HTTPAdapter pool, and through Session.send when the Session
overrides it): the same request out, the same response back, keep-alive, threads, TLS, and every
failure as our own TransportError subclass."""

from __future__ import annotations

import contextlib
import socket
import ssl
import threading
import warnings
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import requests

import paws_compat
from paws_compat._transport import RequestsTransport, Timeouts, Transport
from paws_compat.errors import ConfigError, ConnectionError, ReadTimeoutError, TransportError
from tests.core.server import Reply, ScriptedServer
from tests.tls import self_signed_certificate

FAST = Timeouts(connect=5.0, read=5.0)


class _OwnSend(requests.Session):
    """A Session with its own send(): the transport must go through it."""

    def send(self, request: requests.PreparedRequest, **kwargs: object) -> requests.Response:  # type: ignore[override]
        return super().send(request, **kwargs)  # type: ignore[arg-type]


TRANSPORTS: dict[str, Callable[[], Transport]] = {
    "own session": RequestsTransport,
    "plain session": lambda: RequestsTransport(requests.Session()),
    "session.send": lambda: RequestsTransport(_OwnSend()),
}


@pytest.fixture(params=sorted(TRANSPORTS))
def transport(request: pytest.FixtureRequest) -> Iterator[Transport]:
    made = TRANSPORTS[request.param]()
    yield made
    made.close()


def test_request_goes_out_exactly(server: ScriptedServer, transport: Transport) -> None:
    body = b'{"Type": ["WEBSOCKET"]}'
    transport.send(
        "POST",
        server.url + "/participant/connection",
        {"X-Amz-Bearer": "tok", "Content-Type": "application/json"},
        body,
        FAST,
    )
    seen = server.last
    assert (seen.method, seen.path, seen.body) == ("POST", "/participant/connection", body)
    assert seen.header("X-Amz-Bearer") == "tok"
    assert seen.header("Content-Type") == "application/json"
    assert seen.header("Content-Length") == str(len(body))


def test_response_comes_back_whole(server: ScriptedServer, transport: Transport) -> None:
    server.script(Reply(status=418, body=b"short and stout", headers={"X-Amzn-ErrorType": "Teapot"}))
    response = transport.send("GET", server.url + "/participant/views/v%2F1", {}, None, FAST)
    assert response.status == 418
    assert response.body == b"short and stout"
    assert response.headers.get("x-amzn-errortype") == "Teapot"
    assert response.headers.get("X-AMZN-REQUESTID") == "req-1"
    assert server.last.path == "/participant/views/v%2F1"
    assert repr(response) == "Response(status=418, body=<15 bytes>)"  # headers and body unshown


def test_redirects_are_not_followed(server: ScriptedServer, transport: Transport) -> None:
    server.script(Reply(status=302, headers={"Location": "/elsewhere"}, body=b""))
    assert transport.send("POST", server.url + "/participant/event", {}, b"{}", FAST).status == 302
    assert len(server.requests) == 1


def test_connections_are_kept_alive(server: ScriptedServer, transport: Transport) -> None:
    for _ in range(5):
        transport.send("POST", server.url + "/x", {}, b"{}", FAST)
    assert len({r.client_port for r in server.requests}) == 1


def test_close_then_send_again(server: ScriptedServer, transport: Transport) -> None:
    transport.send("POST", server.url + "/x", {}, b"{}", FAST)
    transport.close()  # a caller's Session stays open; ours is closed, and reconnects
    assert transport.send("POST", server.url + "/x", {}, b"{}", FAST).status == 200


def test_shared_between_threads(server: ScriptedServer, transport: Transport) -> None:
    failures: list[BaseException] = []
    statuses: list[int] = []

    def worker() -> None:
        try:
            for _ in range(20):
                statuses.append(transport.send("POST", server.url + "/x", {}, b"{}", FAST).status)
        except BaseException as exc:  # reported below
            failures.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not failures
    assert statuses == [200] * 120
    assert len(server.requests) == 120


def test_refused_connection_is_a_connection_error(transport: Transport) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(ConnectionError) as caught:
        transport.send("POST", f"http://127.0.0.1:{port}/x", {}, b"{}", FAST)
    assert isinstance(caught.value, TransportError)


def test_dropped_connection_is_a_connection_error(server: ScriptedServer, transport: Transport) -> None:
    server.script(Reply(drop=True))
    with pytest.raises(ConnectionError):
        transport.send("POST", server.url + "/x", {}, b"{}", FAST)


def test_slow_response_is_a_read_timeout(server: ScriptedServer, transport: Transport) -> None:
    server.script(Reply(delay=1.0))
    with pytest.raises(ReadTimeoutError):
        transport.send("POST", server.url + "/x", {}, b"{}", Timeouts(connect=5.0, read=0.2))


def test_requests_transport_bypasses_proxies_for_loopback_http(
    server: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Plain http is allowed only to this machine; a proxy would carry the token off it in clear text.
    with ScriptedServer() as proxy:
        monkeypatch.setenv("HTTP_PROXY", proxy.url)
        monkeypatch.setenv("ALL_PROXY", proxy.url)
        monkeypatch.delenv("NO_PROXY", raising=False)
        monkeypatch.delenv("no_proxy", raising=False)
        with RequestsTransport() as transport:
            transport.send("POST", server.url + "/x", {"X-Amz-Bearer": "tok"}, b"{}", FAST)
        assert proxy.requests == []
        assert server.last.header("X-Amz-Bearer") == "tok"


# ---- TLS ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """An https server on loopback with a self-signed certificate for 127.0.0.1."""
    cert, key = self_signed_certificate(tmp_path_factory.mktemp("tls"))

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        timeout = 30  # on each connection's socket, the TLS handshake included

        def handle(self) -> None:
            # A client that refused the certificate (what the verification tests expect) ends here.
            with contextlib.suppress(ssl.SSLError, ConnectionResetError):
                super().handle()

        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"{}")

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True  # a kept-alive client connection must not hold up shutdown
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    # The handshake happens in each connection's own thread, on its first read: done in accept(),
    # it would hold up the serving thread (and shutdown) for as long as a client stays silent.
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True, do_handshake_on_connect=False)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"https://127.0.0.1:{httpd.server_address[1]}", cert
    httpd.shutdown()
    httpd.server_close()
    thread.join(timeout=5)


@pytest.mark.parametrize("kind", ["own", "plain"])
def test_tls_is_verified_by_default(tls_server: tuple[str, Path], kind: str) -> None:
    url, _ = tls_server
    transport = RequestsTransport() if kind == "own" else RequestsTransport(requests.Session())
    with transport, pytest.raises(ConnectionError, match="TLS"):
        transport.send("POST", url + "/x", {}, b"{}", FAST)


@pytest.mark.parametrize("kind", ["own", "plain"])
def test_tls_with_a_given_ca_bundle(tls_server: tuple[str, Path], kind: str) -> None:
    url, cert = tls_server
    bundle = str(cert)
    transport = (
        RequestsTransport(verify=bundle)
        if kind == "own"
        else RequestsTransport(requests.Session(), verify=bundle)
    )
    with transport:
        assert transport.send("POST", url + "/x", {}, b"{}", FAST).body == b"{}"


@pytest.mark.parametrize("kind", ["own", "plain"])
def test_tls_check_can_be_turned_off(tls_server: tuple[str, Path], kind: str) -> None:
    url, _ = tls_server
    transport = (
        RequestsTransport(verify=False)
        if kind == "own"
        else RequestsTransport(requests.Session(), verify=False)
    )
    with transport, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # urllib3 rightly warns about unverified https
        assert transport.send("POST", url + "/x", {}, b"{}", FAST).status == 200


def test_client_verify_setting_reaches_the_default_transport(tls_server: tuple[str, Path]) -> None:
    url, cert = tls_server
    trusting = {"endpoint": url, "verify": str(cert), "max_retries": 1}
    with paws_compat.connectparticipant(config=trusting) as svc:
        assert svc.disconnect_participant(ConnectionToken="t").to_dict() == {}
    with (
        paws_compat.connectparticipant(config={"endpoint": url, "max_retries": 1}) as strict,
        pytest.raises(ConnectionError, match="TLS"),
    ):
        strict.disconnect_participant(ConnectionToken="t")


def test_ca_bundle_from_the_environment_or_the_profile(
    tls_server: tuple[str, Path], clean_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A company CA or a TLS-inspecting proxy: boto3 trusts AWS_CA_BUNDLE, then the profile's ca_bundle.
    url, cert = tls_server
    settings = {"endpoint": url, "max_retries": 1}
    monkeypatch.setenv("AWS_CA_BUNDLE", str(cert))
    with paws_compat.connectparticipant(config=settings) as svc:
        assert svc.disconnect_participant(ConnectionToken="t").to_dict() == {}
    system_store = "/etc/ssl/certs/ca-certificates.crt"
    with (  # an explicit verify wins over the environment
        paws_compat.connectparticipant(config={**settings, "verify": system_store}) as own,
        pytest.raises(ConnectionError, match="TLS"),
    ):
        own.disconnect_participant(ConnectionToken="t")
    monkeypatch.delenv("AWS_CA_BUNDLE")
    clean_env.write_text(f"[default]\nca_bundle = {cert}\n")
    with paws_compat.connectparticipant(config=settings) as svc:
        assert svc.disconnect_participant(ConnectionToken="t").to_dict() == {}
    monkeypatch.setenv("AWS_CA_BUNDLE", str(cert) + ".missing")
    with pytest.raises(ConfigError, match=r"AWS_CA_BUNDLE names .*\.missing, which is not a file"):
        paws_compat.connectparticipant(config=settings)
    with pytest.raises(ConfigError, match=r"config verify names /nonexistent\.pem, which is not a file"):
        paws_compat.connectparticipant(config={**settings, "verify": "/nonexistent.pem"})


def test_a_silent_client_does_not_hold_up_the_tls_server(tls_server: tuple[str, Path]) -> None:
    url, cert = tls_server
    port = int(url.rsplit(":", 1)[1])
    silent = socket.create_connection(("127.0.0.1", port), timeout=10)  # connects, never says hello
    with silent, RequestsTransport(verify=str(cert)) as transport:
        assert transport.send("POST", url + "/x", {}, b"{}", FAST).status == 200

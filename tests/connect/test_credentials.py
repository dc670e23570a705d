"""Credentials come from every source boto3 and paws read, and the request is signed with them:
the emulator verifies each signature against the key registered for that source (and only it)."""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path
from typing import Any

import botocore.credentials
import pytest

import paws_compat
from paws_compat._connect import NoCredentialsError
from paws_compat.emulator import Emulator
from paws_compat.errors import ConfigError, UnknownServiceError
from tests.connect.metadata_server import metadata_server

FUTURE = "2099-01-01T00:00:00Z"


def _start(emu: Emulator, **kwargs: Any) -> Any:
    client = paws_compat.connect(endpoint=emu.endpoint, region="us-east-1", **kwargs)
    with client:
        return client.start_chat_contact(
            InstanceId="inst", ContactFlowId="flow", ParticipantDetails={"DisplayName": "Customer"}
        )


@pytest.fixture
def verifying(emulator: Emulator) -> Any:
    """Registers one key (and token) on the emulator for the test; cleared afterwards."""

    def register(key: str, secret: str, token: str | None = None) -> Emulator:
        emulator.signatures.register(key, secret, token)
        return emulator

    yield register
    emulator.signatures.clear()


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def test_paws_creds_list(aws_home: Path, verifying: Any) -> None:
    emu = verifying("AKIDPAWS", "paws-secret", "paws-token")
    creds = {
        "creds": {
            "access_key_id": "AKIDPAWS",
            "secret_access_key": "paws-secret",
            "session_token": "paws-token",
        }
    }
    assert _start(emu, credentials=creds).ParticipantToken


def test_paws_creds_inside_config(aws_home: Path, verifying: Any) -> None:
    emu = verifying("AKIDCONFIG", "config-secret")
    config = {"credentials": {"creds": {"access_key_id": "AKIDCONFIG", "secret_access_key": "config-secret"}}}
    assert _start(emu, config=config).ContactId


def test_boto3_key_arguments(aws_home: Path, verifying: Any) -> None:
    emu = verifying("AKIDBOTO", "boto-secret")
    assert _start(emu, aws_access_key_id="AKIDBOTO", aws_secret_access_key="boto-secret").ContactId


def test_environment(aws_home: Path, verifying: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDENV")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "env-secret")
    monkeypatch.setenv("AWS_SESSION_TOKEN", "env-token")
    assert _start(verifying("AKIDENV", "env-secret", "env-token")).ContactId


def test_shared_credentials_file_default_profile(aws_home: Path, verifying: Any) -> None:
    _write(
        aws_home / ".aws" / "credentials",
        "[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = file-secret\n",
    )
    assert _start(verifying("AKIDFILE", "file-secret")).ContactId


@pytest.mark.parametrize("how", ["argument", "paws credentials profile", "AWS_PROFILE", "config profile"])
def test_named_profile(aws_home: Path, verifying: Any, monkeypatch: pytest.MonkeyPatch, how: str) -> None:
    _write(
        aws_home / ".aws" / "credentials",
        "[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = default-secret\n"
        "[chat]\naws_access_key_id = AKIDCHAT\naws_secret_access_key = chat-secret\n",
    )
    emu = verifying("AKIDCHAT", "chat-secret")
    kwargs: dict[str, Any] = {}
    if how == "argument":
        kwargs["profile"] = "chat"
    elif how == "paws credentials profile":
        kwargs["credentials"] = {"profile": "chat"}
    elif how == "config profile":
        kwargs["config"] = {"profile": "chat"}
    else:
        monkeypatch.setenv("AWS_PROFILE", "chat")
    assert _start(emu, **kwargs).ContactId


def test_keys_in_the_config_file(aws_home: Path, verifying: Any) -> None:
    _write(
        aws_home / ".aws" / "config",
        "[profile cfg]\naws_access_key_id = AKIDCFG\naws_secret_access_key = cfg-secret\n",
    )
    assert _start(verifying("AKIDCFG", "cfg-secret"), profile="cfg").ContactId


def _sts_reply(key: str, secret: str, token: str, action: str = "AssumeRole") -> str:
    return (
        f'<{action}Response xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><{action}Result>'
        f"<Credentials><AccessKeyId>{key}</AccessKeyId><SecretAccessKey>{secret}</SecretAccessKey>"
        f"<SessionToken>{token}</SessionToken><Expiration>{FUTURE}</Expiration></Credentials>"
        "<AssumedRoleUser><AssumedRoleId>AROAEXAMPLE:chat</AssumedRoleId>"
        "<Arn>arn:aws:sts::123456789012:assumed-role/chat/s</Arn></AssumedRoleUser>"
        f"</{action}Result><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></{action}Response>"
    )


def test_role_assumption_from_a_source_profile(
    aws_home: Path, verifying: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    with metadata_server() as sts:
        sts.route("POST", "/", _sts_reply("ASIAROLE", "role-secret", "role-token"), kind="text/xml")
        monkeypatch.setenv("AWS_ENDPOINT_URL_STS", sts.url)
        _write(
            aws_home / ".aws" / "config",
            "[profile base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = base-secret\n"
            "region = us-east-1\n"
            "[profile chat-role]\nrole_arn = arn:aws:iam::123456789012:role/chat\nsource_profile = base\n"
            "region = us-east-1\n",
        )
        assert _start(verifying("ASIAROLE", "role-secret", "role-token"), profile="chat-role").ContactId
        (call,) = [r for r in sts.requests if r["method"] == "POST"]
        assert b"Action=AssumeRole" in call["body"]
        assert b"RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fchat" in call["body"]
        assert "Credential=AKIDBASE/" in call["headers"]["Authorization"]  # signed with the source


def test_web_identity_role(aws_home: Path, verifying: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    with metadata_server() as sts:
        reply = _sts_reply("ASIAWEB", "web-secret", "web-token", action="AssumeRoleWithWebIdentity")
        sts.route("POST", "/", reply, kind="text/xml")
        token_file = aws_home / "web-identity-token"
        token_file.write_text("eyJ.web.identity")
        monkeypatch.setenv("AWS_ENDPOINT_URL_STS", sts.url)
        monkeypatch.setenv("AWS_WEB_IDENTITY_TOKEN_FILE", str(token_file))
        monkeypatch.setenv("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/web")
        monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
        assert _start(verifying("ASIAWEB", "web-secret", "web-token")).ContactId
        assert any(b"Action=AssumeRoleWithWebIdentity" in r["body"] for r in sts.requests)


def test_sso_profile(aws_home: Path, verifying: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    start_url = "https://example.awsapps.com/start"
    with metadata_server() as portal:
        portal.route(
            "GET",
            "/federation/credentials",
            json.dumps(
                {
                    "roleCredentials": {
                        "accessKeyId": "ASIASSO",
                        "secretAccessKey": "sso-secret",
                        "sessionToken": "sso-token",
                        "expiration": 4070908800000,
                    }
                }
            ),
        )
        monkeypatch.setenv("AWS_ENDPOINT_URL_SSO", portal.url)
        _write(
            aws_home / ".aws" / "config",
            f"[profile sso]\nsso_start_url = {start_url}\nsso_region = us-east-1\n"
            "sso_account_id = 123456789012\nsso_role_name = ChatRole\nregion = us-east-1\n",
        )
        cache_dir = aws_home / ".aws" / "sso" / "cache"
        # botocore fixes its SSO cache folder from HOME when it is imported: point it at this HOME.
        monkeypatch.setattr(botocore.credentials.SSOProvider, "_SSO_TOKEN_CACHE_DIR", str(cache_dir))
        cache = cache_dir / (hashlib.sha1(start_url.encode()).hexdigest() + ".json")
        _write(
            cache,
            json.dumps(
                {
                    "startUrl": start_url,
                    "region": "us-east-1",
                    "accessToken": "sso-access",
                    "expiresAt": FUTURE,
                }
            ),
        )
        assert _start(verifying("ASIASSO", "sso-secret", "sso-token"), profile="sso").ContactId
        (call,) = portal.requests
        assert "role_name=ChatRole" in call["path"] and "account_id=123456789012" in call["path"]
        assert call["headers"]["x-amz-sso_bearer_token"] == "sso-access"


def test_container_credentials(aws_home: Path, verifying: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    with metadata_server() as agent:
        agent.route(
            "GET",
            "/creds",
            json.dumps(
                {
                    "AccessKeyId": "ASIACONTAINER",
                    "SecretAccessKey": "container-secret",
                    "Token": "container-token",
                    "Expiration": FUTURE,
                }
            ),
        )
        monkeypatch.setenv("AWS_CONTAINER_CREDENTIALS_FULL_URI", f"{agent.url}/creds")
        assert _start(verifying("ASIACONTAINER", "container-secret", "container-token")).ContactId


def test_instance_metadata(aws_home: Path, verifying: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    with metadata_server() as imds:
        imds.route("PUT", "/latest/api/token", "imds-session-token", kind="text/plain")
        imds.route(
            "GET", "/latest/meta-data/iam/security-credentials/", "chat-instance-role", kind="text/plain"
        )
        imds.route(
            "GET",
            "/latest/meta-data/iam/security-credentials/chat-instance-role",
            json.dumps(
                {
                    "Code": "Success",
                    "AccessKeyId": "ASIAINSTANCE",
                    "SecretAccessKey": "instance-secret",
                    "Token": "instance-token",
                    "Expiration": FUTURE,
                    "LastUpdated": "2026-01-01T00:00:00Z",
                    "Type": "AWS-HMAC",
                }
            ),
        )
        monkeypatch.delenv("AWS_EC2_METADATA_DISABLED")
        monkeypatch.setenv("AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.url + "/")
        assert _start(verifying("ASIAINSTANCE", "instance-secret", "instance-token")).ContactId
        gets = [r for r in imds.requests if r["method"] == "GET"]
        assert all(
            r["headers"].get("x-aws-ec2-metadata-token") == "imds-session-token" for r in gets
        )  # IMDSv2


def test_explicit_keys_win_over_the_environment(
    aws_home: Path, verifying: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDENV")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "env-secret")
    emu = verifying("AKIDEXPLICIT", "explicit-secret")
    creds = {"creds": {"access_key_id": "AKIDEXPLICIT", "secret_access_key": "explicit-secret"}}
    assert _start(emu, credentials=creds).ContactId


def test_no_credentials_anywhere_fails_before_sending(aws_home: Path, emulator: Emulator) -> None:
    before = len(emulator.requests)
    with pytest.raises(NoCredentialsError, match="No compatible credentials provided"):
        _start(emulator)
    assert len(emulator.requests) == before


def test_a_missing_profile_is_a_config_error(aws_home: Path, emulator: Emulator) -> None:
    with pytest.raises(ConfigError, match="nope"):
        _start(emulator, profile="nope")


def test_anonymous_is_sent_unsigned_and_refused(aws_home: Path, emulator: Emulator) -> None:
    with pytest.raises(UnknownServiceError) as caught:
        _start(emulator, credentials={"anonymous": True})
    assert (caught.value.code, caught.value.status_code) == ("MissingAuthenticationTokenException", 403)


def test_secrets_never_show(aws_home: Path, verifying: Any, caplog: pytest.LogCaptureFixture) -> None:
    secret, token = "never-shown-secret-0123456789", "never-shown-token-9876543210"
    emu = verifying("AKIDSHOW", secret, token)
    creds = {"creds": {"access_key_id": "AKIDSHOW", "secret_access_key": secret, "session_token": token}}
    caplog.set_level(logging.DEBUG)
    client = paws_compat.connect(endpoint=emu.endpoint, region="us-east-1", credentials=creds)
    client.start_chat_contact(InstanceId="i", ContactFlowId="f", ParticipantDetails={"DisplayName": "C"})
    emu.signatures.clear()
    emu.signatures.register("AKIDSHOW", "another-secret", token)
    with pytest.raises(UnknownServiceError) as caught:  # a wrong signature: the error shows no secret
        client.stop_contact(InstanceId="i", ContactId="c")
    shown = [
        repr(client),
        repr(client.config),
        repr(client.credentials),
        repr(client.sign),
        str(caught.value),
        repr(caught.value),
        caplog.text,
    ]
    for text in shown:
        assert secret not in text and token not in text

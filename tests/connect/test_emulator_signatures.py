"""The emulator refuses Connect calls as the service does: no SigV4 Authorization at all is always
refused; a wrong signature or an unknown key only once keys are registered (off by default, so
boto3 and paws with dummy credentials keep working). The Participant Service stays unsigned."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

import boto3
import pytest
from botocore.config import Config as BotoConfig
from botocore.exceptions import ClientError

import paws_compat
from paws_compat.emulator import Emulator
from tests.connect.conftest import KEY_ID, SECRET

CHAT = {"InstanceId": "inst", "ContactFlowId": "flow", "ParticipantDetails": {"DisplayName": "Customer"}}


def _boto3(emu: Emulator, key: str = KEY_ID, secret: str = SECRET) -> Any:
    return boto3.client(
        "connect",
        region_name="us-east-1",
        endpoint_url=emu.endpoint,
        aws_access_key_id=key,
        aws_secret_access_key=secret,
        config=BotoConfig(retries={"max_attempts": 1}),
    )


def _raw(emu: Emulator, headers: dict[str, str]) -> tuple[int, dict[str, str], Any]:
    request = urllib.request.Request(
        emu.endpoint + "/contact/chat",
        data=json.dumps(CHAT).encode(),
        method="PUT",
        headers={"Content-Type": "application/json", **headers},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), json.loads(error.read())


def test_an_unsigned_connect_call_is_refused_as_the_service_does(emulator: Emulator) -> None:
    status, headers, body = _raw(emulator, {})
    assert status == 403
    assert headers["x-amzn-ErrorType"].split(":")[0] == "MissingAuthenticationTokenException"
    assert body == {"message": "Missing Authentication Token"}


def test_a_malformed_authorization_is_refused(emulator: Emulator) -> None:
    status, headers, _ = _raw(emulator, {"Authorization": "Bearer something"})
    assert status == 400
    assert headers["x-amzn-ErrorType"].startswith("IncompleteSignatureException")


def test_dummy_credentials_work_while_no_key_is_registered(emulator: Emulator) -> None:
    assert _boto3(emulator, "dummy", "dummy").start_chat_contact(**CHAT)["ParticipantToken"]


def test_a_registered_key_is_verified(signing_emulator: Emulator) -> None:
    assert _boto3(signing_emulator).start_chat_contact(**CHAT)["ContactId"]
    with pytest.raises(ClientError) as wrong:
        _boto3(signing_emulator, secret="not-the-secret").start_chat_contact(**CHAT)
    assert wrong.value.response["Error"]["Code"] == "InvalidSignatureException"
    assert wrong.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
    with pytest.raises(ClientError) as unknown:
        _boto3(signing_emulator, key="AKIDUNKNOWN").start_chat_contact(**CHAT)
    assert unknown.value.response["Error"]["Code"] == "UnrecognizedClientException"


def test_a_body_changed_after_signing_is_refused(signing_emulator: Emulator) -> None:
    client = _boto3(signing_emulator)

    def tamper(request: Any, **_: Any) -> None:
        request.body = request.body.replace(b"Customer", b"Intruder")

    client.meta.events.register_last("before-send.connect.StartChatContact", tamper)
    with pytest.raises(ClientError) as caught:
        client.start_chat_contact(**CHAT)
    assert caught.value.response["Error"]["Code"] == "InvalidSignatureException"


def test_our_client_passes_verification_and_the_participant_service_needs_no_signature(
    signing_emulator: Emulator,
) -> None:
    creds = {"creds": {"access_key_id": KEY_ID, "secret_access_key": SECRET}}
    with paws_compat.connect(
        credentials=creds, endpoint=signing_emulator.endpoint, region="us-east-1"
    ) as connect:
        started = connect.start_chat_contact(**CHAT)
        assert (
            connect.describe_contact(InstanceId="inst", ContactId=started.ContactId).Contact.Id
            == started.ContactId
        )
    with paws_compat.connectparticipant(endpoint=signing_emulator.endpoint, region="us-east-1") as svc:
        conn = svc.create_participant_connection(
            Type=["CONNECTION_CREDENTIALS"],
            ParticipantToken=started.ParticipantToken,
            ConnectParticipant=True,
        )
        assert conn.ConnectionCredentials.ConnectionToken

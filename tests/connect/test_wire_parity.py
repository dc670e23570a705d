"""Every Connect operation goes out as boto3 sends it, signed as boto3 signs it; both signatures
are checked by the emulator's own SigV4 implementation (written from AWS's algorithm, not
botocore's signer), which is itself checked against AWS's published test vector."""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest
from botocore.config import Config as BotoConfig

import paws_compat
from paws_compat._model import Operation, load_model
from paws_compat.emulator._sigv4 import SignatureCheck, canonical_request, signature
from tests.connect.conftest import KEY_ID, SECRET, TOKEN
from tests.connect.samples import arguments
from tests.core.server import Recorded, Reply, ScriptedServer

CONNECT = load_model("connect")


def _boto3(server: ScriptedServer) -> Any:
    return boto3.client(
        "connect",
        region_name="eu-west-2",
        endpoint_url=server.url,
        aws_access_key_id=KEY_ID,
        aws_secret_access_key=SECRET,
        aws_session_token=TOKEN,
        config=BotoConfig(retries={"max_attempts": 1, "mode": "standard"}),
    )


def _ours(server: ScriptedServer) -> paws_compat.Client:
    creds = {"creds": {"access_key_id": KEY_ID, "secret_access_key": SECRET, "session_token": TOKEN}}
    return paws_compat.connect(credentials=creds, endpoint=server.url, region="eu-west-2")


def _signed(recorded: Recorded) -> tuple[str, str]:
    authorization = recorded.header("Authorization") or ""
    credential = authorization.split("Credential=", 1)[1].split(",", 1)[0]
    names = authorization.split("SignedHeaders=", 1)[1].split(",", 1)[0]
    return credential.split("/", 1)[1], names


def _verify(recorded: Recorded) -> None:
    check = SignatureCheck()
    check.register(KEY_ID, SECRET, TOKEN)
    check.check(recorded.method, recorded.path, dict(recorded.headers), recorded.body)


def _body(recorded: Recorded) -> Any:
    return json.loads(recorded.body) if recorded.body.strip() else None


@pytest.mark.parametrize("operation", list(CONNECT.operations.values()), ids=lambda op: op.name)
def test_each_operation_is_sent_and_signed_as_boto3_does(
    server: ScriptedServer, operation: Operation
) -> None:
    args = arguments(operation)
    server.script(Reply(body={}), Reply(body={}))
    getattr(_boto3(server), operation.method_name)(**args)
    theirs = server.last
    with _ours(server) as client:
        getattr(client, operation.method_name)(**args)
    ours = server.last
    assert (ours.method, ours.path) == (theirs.method, theirs.path)
    assert _body(ours) == _body(theirs)
    assert ours.header("Content-Type") == theirs.header("Content-Type")
    assert ours.header("X-Amz-Security-Token") == theirs.header("X-Amz-Security-Token") == TOKEN
    assert _signed(ours) == _signed(theirs)  # same scope (date/eu-west-2/connect), same headers
    _verify(theirs)  # the independent verifier accepts boto3's signature ...
    _verify(ours)  # ... and ours


def test_the_verifier_reproduces_aws_published_get_vanilla_vector() -> None:
    # AWS's SigV4 test suite, "get-vanilla": GET / on example.amazonaws.com, key AKIDEXAMPLE.
    headers = {"Host": "example.amazonaws.com", "X-Amz-Date": "20150830T123600Z"}
    request = canonical_request("GET", "/", headers, ["host", "x-amz-date"], b"")
    assert request == (
        "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    )
    got = signature(
        "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        "20150830T123600Z",
        "20150830/us-east-1/service/aws4_request",
        request,
    )
    assert got == "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"


def test_a_retry_is_signed_afresh(server: ScriptedServer) -> None:
    from tests.core.server import error_reply

    server.script(error_reply("InternalServiceException", 500), Reply(body={}))
    with _ours(server) as client:
        client.stop_contact(InstanceId="i", ContactId="c")
    first, second = server.requests[-2:]
    for recorded in (first, second):
        _verify(recorded)
    assert first.header("amz-sdk-request") != second.header("amz-sdk-request")

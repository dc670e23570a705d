"""Independent clients for the emulator: boto3's connect (dummy credentials) and connectparticipant
(unsigned), both pointed at the session emulator from the paws_compat pytest plugin."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import boto3
import botocore
import pytest
from botocore.config import Config

from paws_compat.emulator import ChatPair, Emulator

NO_RETRIES = Config(retries={"total_max_attempts": 1, "mode": "standard"})


def connect_client(emulator: Emulator) -> Any:
    return boto3.client(
        "connect",
        endpoint_url=emulator.endpoint,
        region_name="us-east-1",
        aws_access_key_id="AKIDEXAMPLE",
        aws_secret_access_key="dummy-secret",
        config=NO_RETRIES,
    )


def participant_client(emulator: Emulator) -> Any:
    return boto3.client(
        "connectparticipant",
        endpoint_url=emulator.endpoint,
        region_name="us-east-1",
        config=NO_RETRIES.merge(Config(signature_version=botocore.UNSIGNED)),
    )


@pytest.fixture
def connect(paws_emulator: Emulator) -> Any:
    return connect_client(paws_emulator)


@pytest.fixture
def participant(paws_emulator: Emulator) -> Any:
    return participant_client(paws_emulator)


@pytest.fixture
def connection_token(participant: Any) -> Callable[[str], str]:
    """ParticipantToken -> a fresh ConnectionToken, through CreateParticipantConnection."""

    def make(participant_token: str) -> str:
        answer = participant.create_participant_connection(
            ParticipantToken=participant_token, Type=["CONNECTION_CREDENTIALS"]
        )
        return str(answer["ConnectionCredentials"]["ConnectionToken"])

    return make


@pytest.fixture
def tokens(paws_chat: ChatPair, connection_token: Callable[[str], str]) -> tuple[str, str]:
    """(customer ConnectionToken, agent ConnectionToken) of a fresh chat."""
    return connection_token(paws_chat.customer.participant_token), connection_token(
        paws_chat.agent.participant_token
    )

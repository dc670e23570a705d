"""The first path every user takes: start a chat, connect, send, read the transcript."""

from __future__ import annotations

from typing import Any

from paws_compat.emulator import ChatPair


def test_boto3_customer_and_agent_exchange_messages(connect: Any, participant: Any) -> None:
    started = connect.start_chat_contact(
        InstanceId="inst-1", ContactFlowId="flow-1", ParticipantDetails={"DisplayName": "Customer"}
    )
    # Through the Connect API a chat takes only a CUSTOM_BOT (agents come through the CCP).
    agent = connect.create_participant(
        InstanceId="inst-1",
        ContactId=started["ContactId"],
        ParticipantDetails={"ParticipantRole": "CUSTOM_BOT", "DisplayName": "Bot"},
    )
    customer_token = participant.create_participant_connection(
        ParticipantToken=started["ParticipantToken"], Type=["CONNECTION_CREDENTIALS"]
    )["ConnectionCredentials"]["ConnectionToken"]
    agent_token = participant.create_participant_connection(
        ParticipantToken=agent["ParticipantCredentials"]["ParticipantToken"], Type=["CONNECTION_CREDENTIALS"]
    )["ConnectionCredentials"]["ConnectionToken"]

    sent = participant.send_message(ConnectionToken=customer_token, ContentType="text/plain", Content="hello")
    participant.send_message(
        ConnectionToken=agent_token, ContentType="text/plain", Content="hi, how can I help?"
    )
    transcript = participant.get_transcript(ConnectionToken=agent_token, SortOrder="ASCENDING")["Transcript"]

    messages = [(i["ParticipantRole"], i["Content"]) for i in transcript if i["Type"] == "MESSAGE"]
    assert messages == [("CUSTOMER", "hello"), ("CUSTOM_BOT", "hi, how can I help?")]
    assert transcript[[i["Id"] for i in transcript].index(sent["Id"])]["AbsoluteTime"] == sent["AbsoluteTime"]


def test_paws_chat_fixture_has_a_customer_and_an_agent(paws_chat: ChatPair) -> None:
    assert paws_chat.customer.participant_id != paws_chat.agent.participant_id
    assert paws_chat.agent.role == "AGENT"
    assert paws_chat.customer.participant_token not in repr(paws_chat)

"""Access: the tokens each participant holds (participant, connection and websocket tokens, and
authentication sessions), what they unlock, and the websockets they open.

Apart from the rules because every call starts here (which participant is this?) and because a
grant must be findable and forgettable on its own (`ServiceState` tables, swept or dropped when a
chat is forgotten); the views a participant may describe are looked up by token too.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterable
from typing import Any

from paws_compat.emulator._clock import iso, now
from paws_compat.emulator._errors import ApiError, denied, invalid
from paws_compat.emulator._records import (
    ACCOUNT,
    REGION,
    SWEEP_EVERY,
    AuthSession,
    Connection,
    Participant,
    ServiceState,
    new_id,
    new_token,
)


class AccessRules(ServiceState):
    """Tokens in, the participant out; connections, websockets, views and authentication sessions."""

    def by_participant_token(self, token: str) -> Participant:
        participant = self.participant_tokens.get(token)
        if participant is None or not participant.active or not participant.contact.active:
            raise denied()
        return participant

    def chat_of_token(self, token: str | None) -> str | None:
        """The ContactId a ParticipantToken or ConnectionToken belongs to, valid or not (the request
        log's); None for a token the emulator never handed out."""
        if not token:
            return None
        connection = self.connection_tokens.get(token)
        if connection is not None:
            return connection.participant.contact.id
        participant = self.participant_tokens.get(token)
        return participant.contact.id if participant is not None else None

    def by_connection_token(self, token: str) -> Participant:
        connection = self.connection_tokens.get(token)
        if connection is None or connection.expiry <= now():
            raise denied()
        participant = connection.participant
        if not participant.active or not participant.contact.active:
            raise denied()
        return participant

    def _sweep(self, moment: float) -> None:
        """Forget websocket URLs never opened once they expire (checked every few hundred calls)."""
        self._sweep_countdown -= 1
        if self._sweep_countdown > 0:
            return
        self._sweep_countdown = SWEEP_EVERY
        for token in [t for t, c in self.socket_tokens.items() if c.expiry <= moment]:
            connection = self.socket_tokens.pop(token)
            connection.participant.issued.discard(token)

    def create_participant_connection(
        self, participant: Participant, body: dict[str, Any], socket_base: str
    ) -> dict[str, Any]:
        kinds = body.get("Type") or []
        if not kinds and not body.get("ConnectParticipant"):
            raise invalid("Type must contain at least one connection type unless ConnectParticipant is true")
        moment = now()
        self._sweep(moment)
        answer: dict[str, Any] = {}
        if "WEBSOCKET" in kinds:
            auth = new_token()
            expiry = moment + self.limits.connection_expiry_seconds
            self.socket_tokens[auth] = Connection(participant, expiry)
            participant.issued.add(auth)
            answer["Websocket"] = {"Url": f"{socket_base}?AuthToken={auth}", "ConnectionExpiry": iso(expiry)}
        if "CONNECTION_CREDENTIALS" in kinds:
            token = new_token()
            expiry = moment + self.limits.connection_token_seconds
            self.connection_tokens[token] = Connection(participant, expiry)
            participant.issued.add(token)
            answer["ConnectionCredentials"] = {"ConnectionToken": token, "Expiry": iso(expiry)}
        if "WEBRTC_CONNECTION" in kinds:
            meeting = new_id()
            media = f"wss://media.emulator.invalid/{meeting}"
            answer["WebRTCConnection"] = {
                "Attendee": {"AttendeeId": new_id(), "JoinToken": new_token()},
                "Meeting": {
                    "MediaPlacement": {
                        "AudioHostUrl": f"{media}/audio",
                        "AudioFallbackUrl": f"{media}/audio-fallback",
                        "SignalingUrl": f"{media}/signal",
                        "EventIngestionUrl": f"https://media.emulator.invalid/{meeting}/events",
                    },
                    "MeetingFeatures": {"Audio": {"EchoReduction": "AVAILABLE"}},
                    "MeetingId": meeting,
                },
            }
        if body.get("ConnectParticipant"):
            participant.connected = True
        return answer

    def disconnect_retry(self, token: str, client_token: str | None) -> bool:
        """True when this is a retry of a DisconnectParticipant that already succeeded."""
        connection = self.connection_tokens.get(token)
        if connection is None or not client_token:
            return False
        return connection.participant.left_with == client_token

    # -- views and authentication ----------------------------------------------------------------

    def add_view(
        self,
        name: str,
        template: str,
        input_schema: str = "{}",
        actions: Iterable[str] = (),
        version: int = 1,
    ) -> str:
        token = new_token()
        view_id = new_id()
        self.views[token] = {
            "Id": view_id,
            "Arn": f"arn:aws:connect:{REGION}:{ACCOUNT}:instance/emulator/view/{view_id}:{version}",
            "Name": name,
            "Version": version,
            "Content": {"InputSchema": input_schema, "Template": template, "Actions": list(actions)},
        }
        return token

    def describe_view(self, participant: Participant, view_token: str) -> dict[str, Any]:
        view = self.views.get(view_token)
        if view is None:
            raise ApiError("ResourceNotFoundException", "The view does not exist", ResourceType="CONTACT")
        return {"View": view}

    def get_authentication_url(
        self, participant: Participant, body: dict[str, Any], base: str
    ) -> dict[str, Any]:
        # The SessionId comes from the authentication.initiated event the service sends to one
        # participant (API reference, GetAuthenticationUrl: "The sessionId provided in the
        # authenticationInitiated event"), so it belongs to that participant: another participant
        # presenting it is refused (stricter than unspecified; it used to take over the redirect).
        session_id = body["SessionId"]
        session = self.auth_sessions.get(session_id)
        if session is not None and session.participant is not participant:
            raise denied("SessionId belongs to another participant")
        self.auth_sessions[session_id] = AuthSession(participant, body["RedirectUri"])
        participant.issued.add("auth:" + session_id)
        query = urllib.parse.urlencode({"sessionId": session_id})
        return {"AuthenticationUrl": f"{base}/_emulator/authenticate?{query}"}

    def cancel_participant_authentication(
        self, participant: Participant, body: dict[str, Any]
    ) -> dict[str, Any]:
        session = self.auth_sessions.get(body["SessionId"])
        if session is not None:
            if session.participant is not participant:
                raise denied("SessionId belongs to another participant")
            session.cancelled = True
        return {}

    def authenticate(self, session_id: str) -> str | None:
        """The authentication page's approval: the RedirectUri, once; None for unknown/cancelled."""
        session = self.auth_sessions.pop(session_id, None)
        if session is None or session.cancelled:
            return None
        session.participant.issued.discard("auth:" + session_id)
        return session.redirect

    # -- websockets ------------------------------------------------------------------------------

    def claim_socket_token(self, token: str) -> tuple[Participant | None, int, str]:
        """Check a websocket URL's AuthToken at the handshake: (participant, status, reason)."""
        connection = self.socket_tokens.pop(token, None)
        if connection is None:
            return None, 403, "Forbidden"
        participant = connection.participant
        participant.issued.discard(token)
        if connection.expiry <= now():
            return None, 403, "Forbidden: the websocket URL has expired"
        if not participant.active or not participant.contact.active:
            return None, 403, "Forbidden"
        if len(participant.sockets) >= self.limits.max_sockets_per_participant:
            self.socket_tokens[token] = connection
            participant.issued.add(token)
            return None, 429, "Too many websockets for this participant"
        return participant, 101, "OK"

    def drop_sockets(self, contact_id: str | None = None, participant_id: str | None = None) -> int:
        dropped = 0
        for contact in list(self.contacts.values()):
            if contact_id is not None and contact.id != contact_id:
                continue
            for participant in contact.participants.values():
                if participant_id is not None and participant.id != participant_id:
                    continue
                for channel in list(participant.sockets):
                    channel.abort()
                    dropped += 1
        return dropped

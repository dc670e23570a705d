"""The emulator's own HTTP control interface, under /_emulator, apart from every AWS path.

It gives non-Python users (R, shell, soak scripts) what `Emulator` gives Python: start a chat, add
a participant, end it, inject items, register views, set and clear faults, read the request log.
Bodies are JSON; answers are JSON; errors are `{"message": ...}` with 400 or 404.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from aiohttp import web

from paws_compat.emulator._faults import Fault
from paws_compat.emulator._service import ApiError, Contact

if TYPE_CHECKING:
    from paws_compat.emulator._server import EmulatorServer

PREFIX = "/_emulator"


def contact_state(contact: Contact) -> dict[str, Any]:
    """A chat as the control interface shows it: no tokens."""
    return {
        "ContactId": contact.id,
        "InstanceId": contact.instance_id,
        "InitialContactId": contact.initial_contact_id,
        "Active": contact.active,
        "DisconnectReason": contact.disconnect_reason,
        "ItemCount": len(contact.items),
        "Participants": [
            {
                "ParticipantId": p.id,
                "ParticipantRole": p.role,
                "DisplayName": p.display_name,
                "Active": p.active,
                "Connected": p.connected,
                "Sockets": len(p.sockets),
                "Subscribed": sum(1 for c in p.sockets if c.subscribed),
            }
            for p in contact.participants.values()
        ],
    }


class ControlApi:
    def __init__(self, server: EmulatorServer) -> None:
        self.server = server
        self.service = server.service

    def install(self, app: web.Application) -> None:
        routes = [
            ("GET", "/health", self.health),
            ("POST", "/chats", self.start_chat),
            ("GET", "/chats/{ContactId}", self.describe_chat),
            ("POST", "/chats/{ContactId}/participants", self.add_participant),
            ("POST", "/chats/{ContactId}/stop", self.stop_chat),
            ("POST", "/chats/{ContactId}/items", self.inject_item),
            ("GET", "/faults", self.list_faults),
            ("POST", "/faults", self.add_fault),
            ("DELETE", "/faults", self.clear_faults),
            ("POST", "/faults/websocket", self.websocket_fault),
            ("POST", "/sockets/drop", self.drop_sockets),
            ("POST", "/views", self.add_view),
            ("GET", "/requests", self.list_requests),
            ("DELETE", "/requests", self.clear_requests),
            ("GET", "/authenticate", self.authenticate),
        ]
        for method, path, handler in routes:
            app.router.add_route(method, PREFIX + path, self._wrap(handler))

    def _wrap(self, handler: Any) -> Any:
        async def handle(request: web.Request) -> web.StreamResponse:
            raw = await request.read()
            try:
                body = json.loads(raw) if raw.strip() else {}
            except ValueError:
                return web.json_response({"message": "body is not valid JSON"}, status=400)
            if not isinstance(body, dict):
                return web.json_response({"message": "body must be a JSON object"}, status=400)
            try:
                answer = handler(request, body)
            except ApiError as error:
                return web.json_response({"message": error.message, "code": error.code}, status=error.status)
            except (KeyError, TypeError, ValueError) as error:
                return web.json_response({"message": f"bad control request: {error}"}, status=400)
            if isinstance(answer, web.StreamResponse):
                return answer
            return web.json_response(answer)

        return handle

    def _contact(self, request: web.Request) -> Contact:
        contact = self.service.contacts.get(request.match_info["ContactId"])
        if contact is None:
            raise ApiError("ResourceNotFoundException", "no such chat", 404)
        return contact

    def health(self, request: web.Request, body: dict[str, Any]) -> Any:
        return {"status": "ok", "chats": len(self.service.contacts), "sockets": len(self.server.channels)}

    def start_chat(self, request: web.Request, body: dict[str, Any]) -> Any:
        instance_id = body.get("InstanceId", "emulator-instance")
        asked: dict[str, Any] = {
            "InstanceId": instance_id,
            "ContactFlowId": body.get("ContactFlowId", "emulator-flow"),
            "ParticipantDetails": {"DisplayName": body.get("DisplayName", "Customer")},
        }
        for key in ("InitialMessage", "Attributes", "ChatDurationInMinutes", "ClientToken"):
            if body.get(key) is not None:
                asked[key] = body[key]
        answer = dict(self.service.start_chat_contact(asked))
        answer["InstanceId"] = instance_id
        return answer

    def describe_chat(self, request: web.Request, body: dict[str, Any]) -> Any:
        return contact_state(self._contact(request))

    def add_participant(self, request: web.Request, body: dict[str, Any]) -> Any:
        contact = self._contact(request)
        answer = self.service.create_participant(
            {
                "InstanceId": contact.instance_id,
                "ContactId": contact.id,
                "ParticipantDetails": {
                    "ParticipantRole": body.get("ParticipantRole", "AGENT"),
                    "DisplayName": body.get("DisplayName", "Agent"),
                },
            }
        )
        return {
            "ParticipantId": answer["ParticipantId"],
            "ParticipantToken": answer["ParticipantCredentials"]["ParticipantToken"],
        }

    def stop_chat(self, request: web.Request, body: dict[str, Any]) -> Any:
        self.service.end_chat(self._contact(request), body.get("Reason", "API"))
        return {}

    def inject_item(self, request: web.Request, body: dict[str, Any]) -> Any:
        item = body["Item"]
        if not isinstance(item, dict):
            raise ValueError("Item must be an object")
        return {
            "Item": self.service.add_item(
                self._contact(request),
                dict(item),
                deliver=bool(body.get("Deliver", True)),
                transcript=bool(body.get("Transcript", True)),
            )
        }

    def list_faults(self, request: web.Request, body: dict[str, Any]) -> Any:
        return {"Faults": [f.to_dict() for f in self.server.faults.rules]}

    def add_fault(self, request: web.Request, body: dict[str, Any]) -> Any:
        allowed = {
            "operation",
            "status",
            "error_type",
            "message",
            "delay",
            "drop",
            "non_json",
            "count",
            "rate",
        }
        unknown = set(body) - allowed
        if unknown:
            raise ValueError(f"unknown fault fields {sorted(unknown)}; known: {sorted(allowed)}")
        fault: Fault = self.server.faults.add(**body)
        return fault.to_dict()

    def clear_faults(self, request: web.Request, body: dict[str, Any]) -> Any:
        self.server.faults.clear()
        return {}

    def websocket_fault(self, request: web.Request, body: dict[str, Any]) -> Any:
        self.server.faults.websocket(body["kind"], int(body.get("count", -1)))
        return {}

    def drop_sockets(self, request: web.Request, body: dict[str, Any]) -> Any:
        return {"Dropped": self.service.drop_sockets(body.get("ContactId"), body.get("ParticipantId"))}

    def add_view(self, request: web.Request, body: dict[str, Any]) -> Any:
        token = self.service.add_view(
            name=body["Name"],
            template=body.get("Template", "{}"),
            input_schema=body.get("InputSchema", "{}"),
            actions=body.get("Actions", []),
            version=int(body.get("Version", 1)),
        )
        return {"ViewToken": token}

    def list_requests(self, request: web.Request, body: dict[str, Any]) -> Any:
        return {"Requests": self.server.requests.entries()}

    def clear_requests(self, request: web.Request, body: dict[str, Any]) -> Any:
        self.server.requests.clear()
        return {}

    def authenticate(self, request: web.Request, body: dict[str, Any]) -> Any:
        """The page an authentication URL opens: it approves at once and goes back to RedirectUri."""
        session = self.service.auth_sessions.get(request.query.get("sessionId", ""))
        if session is None or session["cancelled"]:
            return web.Response(status=404, text="unknown or cancelled authentication session")
        raise web.HTTPFound(session["redirect"])

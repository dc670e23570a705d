"""The emulator's own HTTP control interface, under /_emulator, apart from every AWS path.

It gives non-Python users (R, shell, soak scripts) what `Emulator` gives Python: start a chat, add
a participant, end it, inject items, register views, set and clear faults, read the request log.
Bodies are JSON; answers are JSON; errors are `{"message": ...}` with 400 or 404. Values are
checked as the service checks the same values (the model's shapes for chats, participants and
items), so nothing the service would refuse gets in through the side door.

It is given the service, the fault table, the request log and a socket count; it knows nothing of
the server around it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from paws_compat._model import load_model
from paws_compat.emulator._errors import ApiError
from paws_compat.emulator._faults import Fault, Faults
from paws_compat.emulator._json import loads
from paws_compat.emulator._logs import RequestLog
from paws_compat.emulator._records import Contact
from paws_compat.emulator._service import ChatService
from paws_compat.emulator._validation import InputValidator, describe, shape_problems

PREFIX = "/_emulator"
# A control body holds at most an item (Content up to 16,384 characters) and its envelope.
CONTROL_BODY_BYTES = 256 * 1024
_VIEW_TEXT = 64 * 1024

Answer = Any
ReadBody = Callable[[web.Request, int], Awaitable[bytes]]


def contact_state(contact: Contact) -> dict[str, Any]:
    """A chat as the control interface shows it: no tokens."""
    return {
        "ContactId": contact.id,
        "InstanceId": contact.instance_id,
        "InitialContactId": contact.initial_contact_id,
        "Active": contact.active,
        "DisconnectReason": contact.disconnect_reason,
        "ItemCount": len(contact.transcript),
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


def _bad(message: str) -> ApiError:
    return ApiError("BadControlRequest", message, 400)


def _string(body: dict[str, Any], key: str, default: str | None, most: int) -> str | None:
    value = body.get(key, default)
    if value is None:
        return None
    if not isinstance(value, str) or not 1 <= len(value) <= most:
        raise _bad(f"{key} must be a string of 1 to {most} characters")
    return value


def _flag(body: dict[str, Any], key: str, default: bool) -> bool:
    value = body.get(key, default)
    if not isinstance(value, bool):
        raise _bad(f"{key} must be true or false")
    return value


class ControlApi:
    """The /_emulator routes over one service, fault table and request log."""

    def __init__(
        self,
        service: ChatService,
        faults: Faults,
        requests: RequestLog,
        sockets: Callable[[], int],
        read_body: ReadBody,
        json_depth: int,
    ) -> None:
        self.service = service
        self.faults = faults
        self.requests = requests
        self._sockets = sockets
        self._read_body = read_body
        self._json_depth = json_depth
        connect = load_model("connect").operations
        self._start_checks = InputValidator(connect["StartChatContact"])
        self._participant_checks = InputValidator(connect["CreateParticipant"])
        self._item_shape = load_model("connectparticipant").shapes["Item"]

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
            ("DELETE", "/faults/{FaultId:[0-9]{1,18}}", self.clear_fault),
            ("POST", "/faults/websocket", self.websocket_fault),
            ("DELETE", "/faults/websocket/{kind}", self.clear_websocket_fault),
            ("POST", "/sockets/drop", self.drop_sockets),
            ("POST", "/views", self.add_view),
            ("GET", "/requests", self.list_requests),
            ("DELETE", "/requests", self.clear_requests),
            ("GET", "/authenticate", self.authenticate),
        ]
        for method, path, handler in routes:
            app.router.add_route(method, PREFIX + path, self._wrap(handler))

    def _wrap(self, handler: Callable[[web.Request, dict[str, Any]], Answer]) -> Any:
        async def handle(request: web.Request) -> web.StreamResponse:
            try:
                raw = await self._read_body(request, CONTROL_BODY_BYTES)
                try:
                    body = loads(raw, self._json_depth) if raw.strip() else {}
                except ValueError as error:
                    raise _bad(f"body is not valid JSON: {error}") from None
                if not isinstance(body, dict):
                    raise _bad("body must be a JSON object")
                answer = handler(request, body)
            except ApiError as error:
                return web.json_response({"message": error.message, "code": error.code}, status=error.status)
            if isinstance(answer, web.StreamResponse):
                return answer
            return web.json_response(answer)

        return handle

    def _contact(self, request: web.Request) -> Contact:
        contact = self.service.contacts.get(request.match_info["ContactId"])
        if contact is None:
            raise ApiError("ResourceNotFoundException", "no such chat", 404)
        return contact

    def _checked(self, validator: InputValidator, asked: dict[str, Any]) -> None:
        problems = validator.problems(asked, {})
        if problems:
            raise _bad(describe(problems))

    def health(self, request: web.Request, body: dict[str, Any]) -> Answer:
        return {"status": "ok", "chats": len(self.service.contacts), "sockets": self._sockets()}

    def start_chat(self, request: web.Request, body: dict[str, Any]) -> Answer:
        instance_id = body.get("InstanceId", "emulator-instance")
        asked: dict[str, Any] = {
            "InstanceId": instance_id,
            "ContactFlowId": body.get("ContactFlowId", "emulator-flow"),
            "ParticipantDetails": {"DisplayName": body.get("DisplayName", "Customer")},
        }
        for key in ("InitialMessage", "Attributes", "ChatDurationInMinutes", "ClientToken"):
            if body.get(key) is not None:
                asked[key] = body[key]
        self._checked(self._start_checks, asked)
        answer = dict(self.service.start_chat_contact(asked))
        answer["InstanceId"] = instance_id
        return answer

    def describe_chat(self, request: web.Request, body: dict[str, Any]) -> Answer:
        return contact_state(self._contact(request))

    def add_participant(self, request: web.Request, body: dict[str, Any]) -> Answer:
        contact = self._contact(request)
        asked = {
            "InstanceId": contact.instance_id,
            "ContactId": contact.id,
            "ParticipantDetails": {
                "ParticipantRole": body.get("ParticipantRole", "AGENT"),
                "DisplayName": body.get("DisplayName", "Agent"),
            },
        }
        self._checked(self._participant_checks, asked)
        answer = self.service.add_participant(asked)
        return {
            "ParticipantId": answer["ParticipantId"],
            "ParticipantToken": answer["ParticipantCredentials"]["ParticipantToken"],
        }

    def stop_chat(self, request: web.Request, body: dict[str, Any]) -> Answer:
        reason = _string(body, "Reason", "API", 128)
        self.service.end_chat(self._contact(request), reason or "API")
        return {}

    def inject_item(self, request: web.Request, body: dict[str, Any]) -> Answer:
        item = body.get("Item")
        if not isinstance(item, dict):
            raise _bad("Item must be an object (a transcript Item)")
        problems = shape_problems(self._item_shape, item, "Item")
        if problems:
            raise _bad(describe(problems))
        contact = self._contact(request)
        deliver = _flag(body, "Deliver", True)
        transcript = _flag(body, "Transcript", True)
        return {"Item": self.service.add_item(contact, dict(item), deliver=deliver, transcript=transcript)}

    def list_faults(self, request: web.Request, body: dict[str, Any]) -> Answer:
        return {"Faults": [f.to_dict() for f in self.faults.rules]}

    def add_fault(self, request: web.Request, body: dict[str, Any]) -> Answer:
        allowed = set(Fault.FIELDS)
        unknown = set(body) - allowed
        if unknown:
            raise _bad(f"unknown fault fields {sorted(unknown)}; known: {sorted(allowed)}")
        try:
            fault = self.faults.add(**body)
        except (TypeError, ValueError) as error:
            raise _bad(f"bad fault: {error}") from None
        return fault.to_dict()

    def clear_faults(self, request: web.Request, body: dict[str, Any]) -> Answer:
        self.faults.clear()
        return {}

    def clear_fault(self, request: web.Request, body: dict[str, Any]) -> Answer:
        if not self.faults.remove(int(request.match_info["FaultId"])):
            raise ApiError("ResourceNotFoundException", "no such fault (used up or cleared)", 404)
        return {}

    def websocket_fault(self, request: web.Request, body: dict[str, Any]) -> Answer:
        kind = body.get("kind")
        count = body.get("count", Faults.FOREVER)
        if not isinstance(kind, str) or isinstance(count, bool) or not isinstance(count, int):
            raise _bad("kind must be a string and count an integer")
        try:
            self.faults.websocket(kind, count)
        except ValueError as error:
            raise _bad(str(error)) from None
        return {}

    def clear_websocket_fault(self, request: web.Request, body: dict[str, Any]) -> Answer:
        try:
            return {"WasOn": self.faults.switch_off(request.match_info["kind"])}
        except ValueError as error:
            raise _bad(str(error)) from None

    def drop_sockets(self, request: web.Request, body: dict[str, Any]) -> Answer:
        contact_id = _string(body, "ContactId", None, 256)
        participant_id = _string(body, "ParticipantId", None, 256)
        return {"Dropped": self.service.drop_sockets(contact_id, participant_id)}

    def add_view(self, request: web.Request, body: dict[str, Any]) -> Answer:
        name = _string(body, "Name", None, 255)
        if name is None:
            raise _bad("Name is required")
        template = _string(body, "Template", "{}", _VIEW_TEXT) or "{}"
        schema = _string(body, "InputSchema", "{}", _VIEW_TEXT) or "{}"
        actions = body.get("Actions", [])
        if (
            not isinstance(actions, list)
            or len(actions) > 1000
            or not all(isinstance(a, str) and 1 <= len(a) <= 255 for a in actions)
        ):
            raise _bad("Actions must be a list of strings of 1 to 255 characters")
        version = body.get("Version", 1)
        if isinstance(version, bool) or not isinstance(version, int) or not 1 <= version <= 1_000_000:
            raise _bad("Version must be an integer from 1 to 1000000")
        return {"ViewToken": self.service.add_view(name, template, schema, actions, version)}

    def list_requests(self, request: web.Request, body: dict[str, Any]) -> Answer:
        return {"Requests": self.requests.entries()}

    def clear_requests(self, request: web.Request, body: dict[str, Any]) -> Answer:
        self.requests.clear()
        return {}

    def authenticate(self, request: web.Request, body: dict[str, Any]) -> Answer:
        """The page an authentication URL opens: it approves at once and goes back to RedirectUri."""
        redirect = self.service.authenticate(request.query.get("sessionId", ""))
        if redirect is None:
            return web.Response(status=404, text="unknown, used or cancelled authentication session")
        raise web.HTTPFound(redirect)

"""The emulator on the wire: aiohttp routes for both services, the chat websocket, attachment URLs
and the control interface under /_emulator.

Routes come from the models (method and URI of every operation); each handler is built once per
operation with its compiled validator, so a request costs a JSON parse, a check and one service call.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import uuid
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import WSMsgType, web

from paws_compat._model import Operation, load_model
from paws_compat.emulator import console
from paws_compat.emulator._clock import iso, now
from paws_compat.emulator._control import ControlApi
from paws_compat.emulator._faults import Fault, Faults
from paws_compat.emulator._service import ApiError, ChatService, Participant
from paws_compat.emulator._validation import InputValidator, describe

log = logging.getLogger("paws_compat.emulator")

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

_ERROR_NAMESPACE = {
    "connectparticipant": "http://internal.amazon.com/coral/com.amazonaws.connect.participant/",
    "connect": "http://internal.amazon.com/coral/com.amazonaws.connect/",
}
_PROXY_PAGE = (
    "<html><head><title>{status}</title></head><body><h1>{status} Service Unavailable</h1></body></html>"
)
_MASK = "****"


def _dumps(data: Any) -> bytes:
    return json.dumps(data, separators=(",", ":")).encode()


class RequestLog:
    """What the emulator received, newest last, tokens never kept (for test assertions)."""

    def __init__(self, limit: int = 10000) -> None:
        self._entries: deque[dict[str, Any]] = deque(maxlen=limit)
        self.enabled = True

    def add(
        self, operation: str, method: str, path: str, status: int, request_id: str, had_token: bool
    ) -> None:
        if self.enabled:
            self._entries.append(
                {
                    "operation": operation,
                    "method": method,
                    "path": path,
                    "status": status,
                    "request_id": request_id,
                    "bearer": _MASK if had_token else None,
                    "time": iso(now()),
                }
            )
        if log.isEnabledFor(logging.INFO):
            log.info("%s %s %s -> %d (%s)", method, path, operation, status, request_id)

    def entries(self) -> list[dict[str, Any]]:
        return list(self._entries)

    def clear(self) -> None:
        self._entries.clear()


class _Channel:
    """One open websocket: frames are queued and written in order by a single writer task."""

    __slots__ = ("_closing", "_queue", "_task", "_transport", "_wake", "participant", "subscribed", "ws")

    def __init__(self, ws: web.WebSocketResponse, participant: Participant, transport: Any) -> None:
        self.ws = ws
        self.participant = participant
        self.subscribed = False
        self._queue: deque[str | tuple[int, str]] = deque()
        self._wake = asyncio.Event()
        self._transport = transport
        self._closing = False
        self._task = asyncio.get_running_loop().create_task(self._write())

    def push(self, text: str) -> None:
        if not self._closing:
            self._queue.append(text)
            self._wake.set()

    def close(self, code: int, reason: str) -> None:
        if not self._closing:
            self._closing = True
            self._queue.append((code, reason))
            self._wake.set()

    def abort(self) -> None:
        """A network drop: no close frame, the peer just loses the connection."""
        self._closing = True
        if self._transport is not None:
            self._transport.abort()

    async def _write(self) -> None:
        ws = self.ws
        try:
            while True:
                await self._wake.wait()
                self._wake.clear()
                while self._queue:
                    entry = self._queue.popleft()
                    if isinstance(entry, str):
                        await ws.send_str(entry)
                    else:
                        await ws.close(code=entry[0], message=entry[1].encode())
                        return
        except (ConnectionError, RuntimeError, asyncio.CancelledError):
            return

    def stop(self) -> None:
        self._task.cancel()


class EmulatorServer:
    """Builds the aiohttp application over one ChatService and one fault table."""

    def __init__(self, service: ChatService, faults: Faults, requests: RequestLog) -> None:
        self.service = service
        self.faults = faults
        self.requests = requests
        self.channels: set[_Channel] = set()

    def application(self) -> web.Application:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        for service_name in ("connectparticipant", "connect"):
            for operation in load_model(service_name).operations.values():
                app.router.add_route(
                    operation.http_method,
                    operation.request_uri,
                    self._operation_handler(service_name, operation),
                )
        app.router.add_get("/ws", self._websocket)
        app.router.add_put("/_attachments/{AttachmentId}", self._upload)
        app.router.add_get("/_attachments/{AttachmentId}", self._download)
        self._add_control_routes(app)
        app.on_shutdown.append(self._close_sockets)
        return app

    # -- AWS operations --------------------------------------------------------------------------

    def _operation_handler(self, service_name: str, operation: Operation) -> Handler:
        validator = InputValidator(operation)
        name = operation.name
        uri_members = [(m.name, m.wire_name) for m in operation.input_members.values() if m.location == "uri"]
        header_members = [
            (m.name, m.wire_name) for m in operation.input_members.values() if m.location == "header"
        ]
        call = getattr(self, f"_do_{operation.method_name}")
        participant_service = service_name == "connectparticipant"
        bad_input = "ValidationException" if participant_service else "InvalidParameterException"
        namespace = _ERROR_NAMESPACE[service_name]
        modelled = tuple(shape.error_code or shape.name for shape in operation.errors)
        faults = self.faults
        requests = self.requests

        async def handle(request: web.Request) -> web.StreamResponse:
            request_id = str(uuid.uuid4())
            fault = faults.take(name) if faults._rules else None
            if fault is not None:
                faulty = await self._apply_fault(fault, request, request_id, namespace, modelled)
                if faulty is not None:
                    requests.add(
                        name,
                        request.method,
                        operation.request_uri,
                        faulty.status,
                        request_id,
                        "X-Amz-Bearer" in request.headers,
                    )
                    return faulty
            located: dict[str, str | None] = {}
            for member, wire in header_members:
                located[member] = request.headers.get(wire)
            for member, wire in uri_members:
                located[member] = request.match_info.get(wire)
            try:
                raw = await request.read()
                try:
                    body = json.loads(raw) if raw.strip() else {}
                except ValueError:
                    raise ApiError(bad_input, "The request body is not valid JSON") from None
                problems = validator.problems(body, located)
                if problems:
                    raise ApiError(bad_input, describe(problems), 400)
                answer = call(request, body, located)
            except ApiError as error:
                response = _error_response(error, request_id, namespace)
            else:
                response = web.Response(
                    body=_dumps(answer),
                    content_type="application/json",
                    headers={"x-amzn-RequestId": request_id},
                )
            requests.add(
                name,
                request.method,
                operation.request_uri,
                response.status,
                request_id,
                "X-Amz-Bearer" in request.headers,
            )
            return response

        return handle

    async def _apply_fault(
        self, fault: Fault, request: web.Request, request_id: str, namespace: str, modelled: tuple[str, ...]
    ) -> web.StreamResponse | None:
        if fault.delay:
            await asyncio.sleep(fault.delay)
        if fault.drop:
            await request.read()
            if request.transport is not None:
                request.transport.abort()
            raise asyncio.CancelledError
        if fault.status is None:
            return None
        if fault.non_json:
            page = _PROXY_PAGE.format(status=fault.status)
            return web.Response(status=fault.status, text=page, content_type="text/html")
        error = ApiError(fault.error_for(modelled), fault.message, fault.status)
        response = _error_response(error, request_id, namespace)
        if fault.status == 429 and fault.rate is not None:
            response.headers["x-amz-retry-after"] = str(max(int(1000 / fault.rate), 1))
        return response

    def _participant(self, located: dict[str, str | None], member: str = "ConnectionToken") -> Participant:
        token = located.get(member) or ""
        if member == "ParticipantToken":
            return self.service.by_participant_token(token)
        return self.service.by_connection_token(token)

    # Amazon Connect

    def _do_start_chat_contact(self, request: web.Request, body: dict[str, Any], located: Any) -> Any:
        return self.service.start_chat_contact(body)

    def _do_create_participant(self, request: web.Request, body: dict[str, Any], located: Any) -> Any:
        return self.service.create_participant(body)

    def _do_stop_contact(self, request: web.Request, body: dict[str, Any], located: Any) -> Any:
        return self.service.stop_contact(body)

    def _do_describe_contact(self, request: web.Request, body: dict[str, Any], located: Any) -> Any:
        return self.service.describe_contact(located["InstanceId"], located["ContactId"])

    # Participant Service

    def _do_create_participant_connection(
        self, request: web.Request, body: dict[str, Any], located: Any
    ) -> Any:
        participant = self._participant(located, "ParticipantToken")
        return self.service.create_participant_connection(participant, body, f"ws://{request.host}/ws")

    def _do_send_message(self, request: web.Request, body: dict[str, Any], located: Any) -> Any:
        return self.service.send_message(self._participant(located), body)

    def _do_send_event(self, request: web.Request, body: dict[str, Any], located: Any) -> Any:
        return self.service.send_event(self._participant(located), body)

    def _do_disconnect_participant(self, request: web.Request, body: dict[str, Any], located: Any) -> Any:
        if self.service.disconnect_retry(located.get("ConnectionToken") or "", body.get("ClientToken")):
            return {}
        return self.service.disconnect_participant(self._participant(located), body)

    def _do_get_transcript(self, request: web.Request, body: dict[str, Any], located: Any) -> Any:
        return self.service.get_transcript(self._participant(located), body)

    def _do_start_attachment_upload(self, request: web.Request, body: dict[str, Any], located: Any) -> Any:
        return self.service.start_attachment_upload(self._participant(located), body, _base(request))

    def _do_complete_attachment_upload(self, request: web.Request, body: dict[str, Any], located: Any) -> Any:
        return self.service.complete_attachment_upload(self._participant(located), body)

    def _do_get_attachment(self, request: web.Request, body: dict[str, Any], located: Any) -> Any:
        return self.service.get_attachment(self._participant(located), body, _base(request))

    def _do_describe_view(self, request: web.Request, body: dict[str, Any], located: Any) -> Any:
        return self.service.describe_view(self._participant(located), located["ViewToken"])

    def _do_get_authentication_url(self, request: web.Request, body: dict[str, Any], located: Any) -> Any:
        return self.service.get_authentication_url(self._participant(located), body, _base(request))

    def _do_cancel_participant_authentication(
        self, request: web.Request, body: dict[str, Any], located: Any
    ) -> Any:
        return self.service.cancel_participant_authentication(self._participant(located), body)

    # -- attachments' presigned URLs -------------------------------------------------------------

    async def _upload(self, request: web.Request) -> web.StreamResponse:
        data = await request.read()
        status, reason = self.service.upload(
            request.match_info["AttachmentId"],
            request.query.get("X-Amz-Security-Token", ""),
            request.headers.get("Content-Type"),
            data,
        )
        self.requests.add("AttachmentUpload", "PUT", "/_attachments/{AttachmentId}", status, "", False)
        if status != 200:
            return web.Response(
                status=status,
                text=f"<Error><Message>{reason}</Message></Error>",
                content_type="application/xml",
            )
        return web.Response(status=200, headers={"ETag": f'"{uuid.uuid4().hex}"'})

    async def _download(self, request: web.Request) -> web.StreamResponse:
        query = request.query
        disposition = query.get("Disposition", "ATTACHMENT")
        status, attachment = self.service.download(
            request.match_info["AttachmentId"],
            query.get("Expires", ""),
            disposition,
            query.get("Signature", ""),
        )
        self.requests.add("AttachmentDownload", "GET", "/_attachments/{AttachmentId}", status, "", False)
        if attachment is None or attachment.data is None:
            return web.Response(
                status=status,
                text="<Error><Message>AccessDenied</Message></Error>",
                content_type="application/xml",
            )
        kind = "inline" if disposition == "INLINE" else "attachment"
        quoted = attachment.name.replace("\\", "_").replace('"', "_")
        ascii_name = quoted.encode("ascii", "replace").decode()
        return web.Response(
            body=attachment.data,
            content_type=attachment.content_type,
            headers={"Content-Disposition": f'{kind}; filename="{ascii_name}"'},
        )

    # -- the websocket ---------------------------------------------------------------------------

    async def _websocket(self, request: web.Request) -> web.StreamResponse:
        if self.faults.socket_fault("refuse_handshake"):
            return web.json_response({"message": "Internal server error"}, status=500)
        participant, status, reason = self.service.claim_socket_token(request.query.get("AuthToken", ""))
        self.requests.add("WebSocket", "GET", "/ws", status, "", False)
        if participant is None:
            return web.json_response({"message": reason}, status=status)
        ws = web.WebSocketResponse(autoping=True, heartbeat=None, compress=False, max_msg_size=256 * 1024)
        await ws.prepare(request)
        channel = _Channel(ws, participant, request.transport)
        connection_id = str(uuid.uuid4())
        if not (participant.active and participant.contact.active):
            channel.close(1000, "chat ended")
        participant.sockets.add(channel)
        self.channels.add(channel)
        loop = asyncio.get_running_loop()
        life = loop.call_later(
            self.service.settings.max_socket_life_seconds, channel.close, 1001, "maximum socket life reached"
        )
        try:
            async for message in ws:
                if message.type == WSMsgType.TEXT:
                    self._on_frame(channel, message.data, connection_id)
                elif message.type == WSMsgType.BINARY:
                    channel.push(_forbidden(connection_id))
                else:
                    break
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            life.cancel()
            participant.sockets.discard(channel)
            self.channels.discard(channel)
            if not channel._task.done():
                with contextlib.suppress(asyncio.TimeoutError, Exception):
                    await asyncio.wait_for(asyncio.shield(channel._task), timeout=0.05)
            channel.stop()
        return ws

    def _on_frame(self, channel: _Channel, text: str, connection_id: str) -> None:
        try:
            frame = json.loads(text)
        except ValueError:
            frame = None
        topic = frame.get("topic") if isinstance(frame, dict) else None
        faults = self.faults
        if topic == "aws/heartbeat":
            if not faults.socket_fault("silent_heartbeat"):
                channel.push('{"topic":"aws/heartbeat"}')
        elif topic == "aws/ping":
            if faults.socket_fault("ping_500"):
                channel.push('{"topic":"aws/ping","statusCode":500,"statusContent":"Internal Server Error"}')
            else:
                channel.push('{"topic":"aws/ping","statusCode":200,"statusContent":"OK"}')
        elif topic == "aws/subscribe":
            assert isinstance(frame, dict)
            content = frame.get("content")
            topics = content.get("topics") if isinstance(content, dict) else None
            good = isinstance(topics, list) and bool(topics) and all(t == "aws/chat" for t in topics)
            if good and not faults.socket_fault("subscribe_failure"):
                channel.subscribed = True
                status = "success"
            else:
                status = "failure"
            shown = topics if isinstance(topics, list) else []
            channel.push(
                _dumps({"topic": "aws/subscribe", "content": {"status": status, "topics": shown}}).decode()
            )
        else:
            channel.push(_forbidden(connection_id))

    async def _close_sockets(self, app: web.Application) -> None:
        for channel in list(self.channels):
            channel.close(1001, "server shutting down")
        for channel in list(self.channels):
            with contextlib.suppress(asyncio.TimeoutError, Exception):
                await asyncio.wait_for(asyncio.shield(channel._task), timeout=1.0)
            channel.abort()

    # -- the control interface -------------------------------------------------------------------

    def _add_control_routes(self, app: web.Application) -> None:
        ControlApi(self).install(app)
        console.install(app, self.service, self.faults, self.requests)


def _base(request: web.Request) -> str:
    return f"{request.scheme}://{request.host}"


def _forbidden(connection_id: str) -> str:
    return _dumps(
        {"message": "Forbidden", "connectionId": connection_id, "requestId": str(uuid.uuid4())}
    ).decode()


def _error_response(error: ApiError, request_id: str, namespace: str) -> web.Response:
    return web.Response(
        status=error.status,
        body=_dumps(error.body()),
        content_type="application/json",
        headers={"x-amzn-RequestId": request_id, "x-amzn-ErrorType": f"{error.code}:{namespace}"},
    )

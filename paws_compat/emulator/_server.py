"""The emulator on the wire: aiohttp routes for both services, the chat websocket, attachment URLs
and the control interface under /_emulator.

Routes come from the models (method and URI of every operation); each handler is built once per
operation with its compiled validator and body limit, so a request costs a bounded read, a JSON
parse, a check and one service call. The rules themselves live in sans-I/O modules: `_service`
(both APIs, over `_records`, `_items`, `_attachments`, `_access`), `_frames` (websocket frames),
`_browser` (CORS and Host), `_control` (the control API).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import WSMsgType, web

from paws_compat._model import Operation, load_model
from paws_compat.emulator import _browser, _frames, console
from paws_compat.emulator._channel import SocketChannel
from paws_compat.emulator._connections import ConnectionTable
from paws_compat.emulator._contacts import ContactApi
from paws_compat.emulator._control import ControlApi
from paws_compat.emulator._errors import ApiError
from paws_compat.emulator._faults import Fault, Faults
from paws_compat.emulator._json import loads
from paws_compat.emulator._limits import Limits
from paws_compat.emulator._logs import RequestLog
from paws_compat.emulator._records import Participant
from paws_compat.emulator._service import ChatService
from paws_compat.emulator._sigv4 import SignatureCheck
from paws_compat.emulator._validation import InputValidator, body_limit, describe

__all__ = ["EmulatorServer", "RequestLog"]

log = logging.getLogger("paws_compat.emulator")

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

_ERROR_NAMESPACE = {
    "connectparticipant": "http://internal.amazon.com/coral/com.amazonaws.connect.participant/",
    "connect": "http://internal.amazon.com/coral/com.amazonaws.connect/",
}
_PROXY_PAGE = (
    "<html><head><title>{status}</title></head><body><h1>{status} Service Unavailable</h1></body></html>"
)
_READ_CHUNK = 64 * 1024


def _dumps(data: Any) -> bytes:
    return json.dumps(data, separators=(",", ":")).encode()


class EmulatorServer:
    """Builds the aiohttp application over one ChatService and one fault table."""

    def __init__(
        self,
        service: ChatService,
        faults: Faults,
        requests: RequestLog,
        limits: Limits,
        connections: ConnectionTable | None = None,
    ) -> None:
        self.service = service
        self.faults = faults
        self.requests = requests
        self.limits = limits
        self.connections = connections
        self._guards = connections.guards if connections is not None else None
        self.channels: set[SocketChannel] = set()
        self.signatures = SignatureCheck()  # Connect's SigV4 (_sigv4.py)
        self.contact_api = ContactApi(service)  # Connect's operations (_contacts.py)
        self.bound_host = "127.0.0.1"
        self.port = 0

    def bind(self, host: str, port: int) -> None:
        """Where the server listens: the authority of every URL it hands out."""
        self.bound_host, self.port = host, port

    @classmethod
    def serves(cls, operation: Operation) -> bool:
        """Whether the emulator answers `operation` (Connect's are all `ContactApi`'s)."""
        return hasattr(cls, f"_do_{operation.method_name}") or ContactApi.serves(operation.name)

    def application(self) -> web.Application:
        ceiling = self.limits.max_request_bytes
        app = web.Application(client_max_size=ceiling, middlewares=[self._middleware])
        for service_name in ("connectparticipant", "connect"):
            for operation in load_model(service_name).operations.values():
                if not self.serves(operation):
                    continue
                app.router.add_route(
                    operation.http_method,
                    operation.request_uri,
                    self._operation_handler(service_name, operation),
                )
        app.router.add_get("/ws", self._websocket)
        app.router.add_put("/_attachments/{AttachmentId}", self._upload)
        app.router.add_get("/_attachments/{AttachmentId}", self._download)
        ControlApi(
            self.service,
            self.faults,
            self.requests,
            sockets=lambda: len(self.channels),
            read_body=self.read_body,
            json_depth=self.limits.max_json_depth,
        ).install(app)
        console.install(app, self.service, self.faults, self.requests)
        app.on_shutdown.append(self._close_sockets)
        return app

    # -- every request: connection guard, Host, Origin, CORS -------------------------------------

    @web.middleware
    async def _middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """Every request: the connection guard, Host, Origin and CORS, in one coroutine (each layer
        of middleware costs a few microseconds on every call)."""
        guard = self._guards.get(request.transport) if self._guards is not None else None
        if guard is not None:
            guard.request_started()
        try:
            headers = request.headers
            limits = self.limits
            if not _browser.host_allowed(headers.get("Host"), limits.allowed_hosts):
                return _plain_error(
                    403, "Host header names a server this emulator is not (allow it with --allowed-host)"
                )
            origin = headers.get("Origin")
            if origin is not None:
                if not _browser.origin_allowed(origin, limits.cors_origins):
                    return _plain_error(403, "Origin not allowed (add it with --cors-origin)")
                if request.method == "OPTIONS":
                    return _preflight(origin, headers)
            try:
                response = await handler(request)
            except web.HTTPException as error:
                if origin is not None:
                    error.headers.update(_browser.response_headers(origin))
                raise
            if response.prepared:
                return response
            if origin is not None:
                response.headers.update(_browser.response_headers(origin))
            if response.status in (408, 413):
                # The rest of the body is not read: answer, then close at once (aiohttp would
                # otherwise linger reading up to 10 s of a body nobody wants).
                response.force_close()
                await response.prepare(request)
                await response.write_eof()
                request.protocol.force_close()
            return response
        finally:
            if guard is not None:
                guard.request_done()

    async def read_body(self, request: web.Request, limit: int) -> bytes:
        """The request body, at most `limit` bytes, within the body timeout (ApiError 413/408)."""
        length = request.content_length
        if length is not None and length > limit:
            raise _too_large(limit)
        content = request.content
        if content.is_eof():
            # The whole body came in with the headers (every small API call): nothing to wait for,
            # so no timer and no read coroutine.
            data = content.read_nowait(-1)
            if len(data) > limit:
                raise _too_large(limit)
            return data
        # A timer that fails the read, not wait_for: wait_for makes a task per request (it cost
        # half the REST throughput); a TimerHandle costs next to nothing.
        expired = asyncio.get_running_loop().call_later(
            self.limits.body_timeout_seconds, request.content.set_exception, asyncio.TimeoutError()
        )
        try:
            return await _read_within(request, limit)
        except asyncio.TimeoutError:
            raise ApiError(
                "RequestTimeoutException",
                f"Request body not received within {self.limits.body_timeout_seconds:g} s",
                408,
            ) from None
        finally:
            expired.cancel()

    def _url_base(self, request: web.Request, scheme: str = "http") -> str:
        transport = request.transport if request.secure else None
        sockname = transport.get_extra_info("sockname") if transport is not None else None
        if sockname:  # served over TLS (tests/core/test_proxy.py's front): the port it came in on
            return f"{scheme}s://" + _browser.authority(self.bound_host, int(sockname[1]), None)
        return f"{scheme}://" + _browser.authority(self.bound_host, self.port, request.headers.get("Host"))

    # -- AWS operations --------------------------------------------------------------------------

    def _operation_handler(self, service_name: str, operation: Operation) -> Handler:
        validator = InputValidator(operation)
        limit = body_limit(operation, self.limits.max_request_bytes)
        depth = self.limits.max_json_depth
        name = operation.name
        uri_members = [(m.name, m.wire_name) for m in operation.input_members.values() if m.location == "uri"]
        header_members = [
            (m.name, m.wire_name) for m in operation.input_members.values() if m.location == "header"
        ]
        query_members = [
            (m.name, m.wire_name, m.shape.type == "list")
            for m in operation.input_members.values()
            if m.location == "querystring"
        ]
        # The request log notes that a token came (never the token): the model's secret headers.
        token_headers = tuple(
            m.wire_name for m in operation.input_members.values() if m.location == "header" and m.secret
        )
        participant_service = service_name == "connectparticipant"
        if participant_service:
            call = getattr(self, f"_do_{operation.method_name}")
        else:
            contact_api, op_name = self.contact_api, operation.name

            def call(request: web.Request, body: dict[str, Any], located: Any) -> Any:
                return contact_api.call(op_name, body, located)

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
                        any(h in request.headers for h in token_headers),
                        self._chat_of(request, None, None),
                    )
                    return faulty
            located: dict[str, Any] = {}
            body: Any = None
            answer: Any = None
            for member, wire in header_members:
                located[member] = request.headers.get(wire)
            for member, wire in uri_members:
                located[member] = request.match_info.get(wire)
            for member, wire, many in query_members:
                located[member] = request.query.getall(wire, None) if many else request.query.get(wire)
            try:
                raw = await self.read_body(request, limit)
                if not participant_service:
                    self.signatures.check(request.method, request.raw_path, request.headers, raw)
                try:
                    body = loads(raw, depth) if raw.strip() else {}
                except ValueError as error:
                    raise ApiError(bad_input, f"The request body is not valid JSON: {error}") from None
                problems = validator.problems(body, located)
                if problems:
                    raise ApiError(bad_input, describe(problems), 400)
                answer = call(request, body, located)
            except ApiError as error:
                response = _error_response(error, request_id, namespace)
            except Exception:
                log.exception("%s failed inside the emulator", name)
                failure = ApiError("InternalServerException", "The emulator failed on this request", 500)
                response = _error_response(failure, request_id, namespace)
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
                any(h in request.headers for h in token_headers),
                self._chat_of(request, body, answer),
            )
            return response

        return handle

    def _chat_of(self, request: web.Request, body: Any, answer: Any) -> str | None:
        """The chat a call was about, for the request log: its bearer's, else (Amazon Connect's
        calls) the ContactId it named or was answered, when that is a chat of this emulator."""
        bearer = self.service.chat_of_token(request.headers.get("X-Amz-Bearer"))
        if bearer is not None:
            return bearer
        for source in (body, answer):
            named = source.get("ContactId") if isinstance(source, dict) else None
            if isinstance(named, str) and named in self.service.contacts:
                return named
        return None

    async def _apply_fault(
        self, fault: Fault, request: web.Request, request_id: str, namespace: str, modelled: tuple[str, ...]
    ) -> web.StreamResponse | None:
        if fault.delay:
            await asyncio.sleep(fault.delay)
        if fault.drop:
            with contextlib.suppress(ApiError):
                await self.read_body(request, self.limits.max_request_bytes)
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

    # Participant Service

    def _do_create_participant_connection(
        self, request: web.Request, body: dict[str, Any], located: Any
    ) -> Any:
        participant = self._participant(located, "ParticipantToken")
        base = _browser.websocket_base(self.bound_host, self.port, request.headers.get("Host"))
        if request.secure:
            base = self._url_base(request, "ws") + "/ws"
        return self.service.create_participant_connection(participant, body, base)

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
        return self.service.start_attachment_upload(self._participant(located), body, self._url_base(request))

    def _do_complete_attachment_upload(self, request: web.Request, body: dict[str, Any], located: Any) -> Any:
        return self.service.complete_attachment_upload(self._participant(located), body)

    def _do_get_attachment(self, request: web.Request, body: dict[str, Any], located: Any) -> Any:
        return self.service.get_attachment(self._participant(located), body, self._url_base(request))

    def _do_describe_view(self, request: web.Request, body: dict[str, Any], located: Any) -> Any:
        return self.service.describe_view(self._participant(located), located["ViewToken"])

    def _do_get_authentication_url(self, request: web.Request, body: dict[str, Any], located: Any) -> Any:
        return self.service.get_authentication_url(self._participant(located), body, self._url_base(request))

    def _do_cancel_participant_authentication(
        self, request: web.Request, body: dict[str, Any], located: Any
    ) -> Any:
        return self.service.cancel_participant_authentication(self._participant(located), body)

    # -- attachments' presigned URLs -------------------------------------------------------------

    async def _upload(self, request: web.Request) -> web.StreamResponse:
        attachment_id = request.match_info["AttachmentId"]
        size = self.service.upload_size(attachment_id)
        try:
            # One byte over the size is read, so that a longer body is S3's IncompleteBody (400).
            data = await self.read_body(request, size + 1 if size is not None else 0)
        except ApiError as error:
            status, reason = error.status, error.message
        else:
            status, reason = self.service.upload(
                attachment_id,
                request.query.get("X-Amz-Security-Token", ""),
                _browser.lower_headers(request.headers),
                data,
            )
        uploaded = self.service.attachments.get(attachment_id)
        chat = uploaded.participant.contact.id if uploaded is not None else None
        self.requests.add("AttachmentUpload", "PUT", "/_attachments/{AttachmentId}", status, "", False, chat)
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
        chat = attachment.participant.contact.id if attachment is not None else None
        self.requests.add(
            "AttachmentDownload", "GET", "/_attachments/{AttachmentId}", status, "", False, chat
        )
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
        chat = participant.contact.id if participant is not None else None
        self.requests.add("WebSocket", "GET", "/ws", status, "", False, chat)
        if participant is None:
            return web.json_response({"message": reason}, status=status)
        limits = self.limits
        ws = web.WebSocketResponse(
            autoping=True, heartbeat=None, compress=False, max_msg_size=limits.max_frame_bytes
        )
        await ws.prepare(request)
        channel = SocketChannel(ws, participant, request.transport, limits)
        connection_id = str(uuid.uuid4())
        if not (participant.active and participant.contact.active):
            channel.close(1000, "chat ended")
        participant.sockets.add(channel)
        self.channels.add(channel)
        faults = self.faults
        try:
            async for message in ws:
                channel.heard()
                if message.type == WSMsgType.TEXT:
                    text: str | None = message.data
                elif message.type == WSMsgType.BINARY:
                    text = None
                else:
                    break
                reply, subscribed = _frames.answer(text, connection_id, faults)
                if subscribed:
                    channel.subscribed = True
                if reply is not None:
                    channel.push(reply)
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            channel.stop_clocks()
            participant.sockets.discard(channel)
            self.channels.discard(channel)
            await channel.finish(0.05)
        return ws

    async def _close_sockets(self, app: web.Application) -> None:
        for channel in list(self.channels):
            channel.close(1001, "server shutting down")
        for channel in list(self.channels):
            await channel.finish(1.0)
            channel.abort()


def _too_large(limit: int) -> ApiError:
    return ApiError("RequestEntityTooLargeException", f"Request body must be at most {limit} bytes", 413)


async def _read_within(request: web.Request, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = await request.content.read(_READ_CHUNK)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > limit:
            raise _too_large(limit)
        chunks.append(chunk)


def _preflight(origin: str, headers: Any) -> web.Response:
    """The answer to a CORS preflight from an allowed origin."""
    if "Access-Control-Request-Method" not in headers:
        return _plain_error(400, "OPTIONS without Access-Control-Request-Method")
    allowed = _browser.preflight_headers(origin, headers.get("Access-Control-Request-Headers"))
    if allowed is None:
        return _plain_error(403, "a requested header is not allowed")
    return web.Response(status=204, headers=allowed)


def _plain_error(status: int, message: str) -> web.Response:
    return web.Response(
        status=status,
        body=_dumps({"message": message}),
        content_type="application/json",
        headers={"Connection": "close"} if status == 403 else None,
    )


def _error_response(error: ApiError, request_id: str, namespace: str) -> web.Response:
    return web.Response(
        status=error.status,
        body=_dumps(error.body()),
        content_type="application/json",
        headers={"x-amzn-RequestId": request_id, "x-amzn-ErrorType": f"{error.code}:{namespace}"},
    )

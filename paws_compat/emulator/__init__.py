"""A local Amazon Connect chat service: the `connect` and `connectparticipant` operations, the chat
websocket and attachment URLs on one port, with faults on demand.

Needs the optional extra `paws-compat[emulator]` (aiohttp). Nothing else in paws_compat imports it.

From Python::

    from paws_compat.emulator import Emulator

    with Emulator(connection_expiry_seconds=100) as emu:      # a free port on 127.0.0.1, own thread
        chat = emu.start_chat(display_name="Customer")         # StartChatContact without a client
        agent = emu.add_participant(chat.contact_id)            # CreateParticipant (AGENT)
        # point any connect / connectparticipant client at emu.endpoint (dummy credentials for connect)
        emu.faults.add(operation="SendMessage", status=500, count=2)
        emu.faults.silence_heartbeats(); emu.faults.drop_sockets()
        emu.inject_item(chat.contact_id, {"Type": "MESSAGE", "ContentType": "text/plain", "Content": "hi"})
        emu.stop_contact(chat.contact_id)

`async with Emulator() as emu:` runs it on the current event loop instead. pytest fixtures
(`paws_emulator`, `paws_emulator_factory`, `paws_chat`) come with the package's pytest plugin.

From anything else, `paws-compat emulator --port 8999` and the control interface, JSON in and out,
kept apart from the AWS paths:

    GET    /_emulator/health
    POST   /_emulator/chats                    {DisplayName, InstanceId, InitialMessage, ...}
    GET    /_emulator/chats/{ContactId}        participants, sockets, item count (no tokens)
    POST   /_emulator/chats/{ContactId}/participants   {ParticipantRole, DisplayName}
    POST   /_emulator/chats/{ContactId}/stop
    POST   /_emulator/chats/{ContactId}/items  {Item, Deliver, Transcript}
    GET | POST | DELETE /_emulator/faults      {operation, status, error_type, message, delay, drop,
                                                non_json, count, rate} -> the rule, with its id
    DELETE /_emulator/faults/{id}              that one rule
    POST   /_emulator/faults/websocket         {kind: silent_heartbeat | ping_500 | subscribe_failure |
                                                refuse_handshake | drop, count}
    DELETE /_emulator/faults/websocket/{kind}  that one switch off
    POST   /_emulator/sockets/drop             {ContactId?, ParticipantId?}
    POST   /_emulator/views                    {Name, Template, InputSchema, Actions} -> {ViewToken}
    GET | DELETE /_emulator/requests           the request log, tokens masked

The websocket is `ws://HOST:PORT/ws?AuthToken=...` (from CreateParticipantConnection); attachment
upload and download URLs are under `/_attachments/`. Both are built on the bound address.

Every lifetime and limit (send queues, timeouts, connection caps, retention, CORS origins, Host
names) is a field of `Limits`: ``Emulator(limits=Limits(...))`` or the fields as keywords; the
command line has one option per field (``--cors-origin``, ``--ended-chat-retention-seconds`` ...).
Browsers on loopback origins are served (CORS); other origins and Host names are refused.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from paws_compat.emulator._emulator import Chat, ChatPair, Emulator, ParticipantHandle
    from paws_compat.emulator._faults import Fault, Faults
    from paws_compat.emulator._limits import Limits

__all__ = ["Chat", "ChatPair", "Emulator", "Fault", "Faults", "Limits", "ParticipantHandle"]


def __getattr__(name: str) -> Any:
    # Loaded on first use: the pytest plugin lives in this package and is registered wherever
    # paws-compat is installed, so importing the package must not need aiohttp (the extra).
    if name in ("Chat", "ChatPair", "Emulator", "ParticipantHandle"):
        try:
            from paws_compat.emulator import _emulator
        except ModuleNotFoundError as exc:
            if exc.name != "aiohttp":
                raise
            raise ModuleNotFoundError(
                "the emulator needs the 'emulator' extra: pip install 'paws-compat[emulator]'",
                name="aiohttp",
            ) from exc
        return getattr(_emulator, name)
    if name == "Limits":
        from paws_compat.emulator import _limits

        return _limits.Limits
    if name in ("Fault", "Faults"):
        from paws_compat.emulator import _faults

        return getattr(_faults, name)
    raise AttributeError(f"module 'paws_compat.emulator' has no attribute {name!r}")

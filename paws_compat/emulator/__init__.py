"""A local Amazon Connect chat service: the `connect` and `connectparticipant` operations, the chat
websocket and attachment URLs on one port, with faults on demand.

Needs the optional extra `paws-compat[emulator]` (aiohttp). Nothing else in paws_compat imports it.
"""

from paws_compat.emulator._emulator import Chat, ChatPair, Emulator, ParticipantHandle
from paws_compat.emulator._faults import Fault, Faults

__all__ = ["Chat", "ChatPair", "Emulator", "Fault", "Faults", "ParticipantHandle"]

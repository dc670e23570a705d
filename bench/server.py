"""A tiny keep-alive HTTP/1.1 server for benchmarks: answers every request with a fixed
CreateParticipantConnection response, spending as little CPU as it can so that what the bench
measures is the client. Run in its own process: `python bench/server.py` prints its port.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys

BODY = json.dumps(
    {
        "Websocket": {
            "Url": "wss://bench.invalid/connect?AuthToken=bench-auth-token",
            "ConnectionExpiry": "2026-11-25T21:56:46.045Z",
        },
        "ConnectionCredentials": {
            "ConnectionToken": "bench-connection-token",
            "Expiry": "2026-11-25T21:56:46.045Z",
        },
    }
).encode()
RESPONSE = (
    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
    b"x-amzn-RequestId: 6f1c0e8a-bench\r\n" + f"Content-Length: {len(BODY)}\r\n\r\n".encode() + BODY
)


class Protocol(asyncio.Protocol):
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport: asyncio.Transport = transport  # type: ignore[assignment]
        self.buffer = b""

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while True:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            head = self.buffer[:end].lower()
            length = 0
            at = head.find(b"content-length:")
            if at >= 0:
                length = int(head[at + 15 : head.find(b"\r\n", at) if head.find(b"\r\n", at) > 0 else None])
            total = end + 4 + length
            if len(self.buffer) < total:
                return
            self.buffer = self.buffer[total:]
            self.transport.write(RESPONSE)


async def main() -> None:
    cpu = os.environ.get("BENCH_SERVER_CPU")
    if cpu is not None and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {int(cpu)})
    loop = asyncio.get_running_loop()
    server = await loop.create_server(Protocol, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    print(port, flush=True)
    # Stop when the parent closes our stdin: never outlive the bench.
    await loop.run_in_executor(None, sys.stdin.read)
    server.close()


if __name__ == "__main__":
    asyncio.run(main())

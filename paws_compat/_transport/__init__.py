"""How bytes reach the service: a small interface and two implementations.

The client only ever calls `Transport.send`; tests and users swap transports instead of patching.
"""

from ._base import Response, Timeouts, Transport
from ._urllib3 import Urllib3Transport

__all__ = ["RequestsTransport", "Response", "Timeouts", "Transport", "Urllib3Transport"]


def __getattr__(name: str) -> object:
    # requests is optional and slow to import: load it only when asked for.
    if name == "RequestsTransport":
        from ._requests import RequestsTransport

        return RequestsTransport
    raise AttributeError(name)

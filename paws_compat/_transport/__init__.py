"""How bytes reach the service: a small interface, and requests' adapters under a client's network
policy as its implementation.

The client only ever calls `Transport.send`; tests and users swap transports instead of patching.
"""

from ._base import Response, Timeouts, Transport
from ._requests import RequestsTransport

__all__ = ["RequestsTransport", "Response", "Timeouts", "Transport"]

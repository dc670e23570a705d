"""Amazon Connect Participant Service for Python, shaped like R's paws.

    import paws_compat
    svc = paws_compat.connectparticipant(region="us-east-1")
    resp = svc.create_participant_connection(Type=["WEBSOCKET"], ParticipantToken=token)
    resp.Websocket.Url
"""

from __future__ import annotations

import sys as _sys
import types as _types
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

from . import errors
from ._config import Config
from ._errors import (
    ConfigError,
    ConnectionError,
    ConnectTimeoutError,
    ParamValidationError,
    PawsCompatError,
    ReadTimeoutError,
    ResponseParseError,
    ServiceError,
    TransportError,
    UnknownServiceError,
)

if TYPE_CHECKING:
    from ._client import Client
    from ._paging import PaginationError, paginate
    from ._result import Record
    from ._transport import RequestsTransport, Transport

__all__ = [
    "Client",
    "Config",
    "ConfigError",
    "ConnectTimeoutError",
    "ConnectionError",
    "PaginationError",
    "ParamValidationError",
    "PawsCompatError",
    "ReadTimeoutError",
    "Record",
    "RequestsTransport",
    "ResponseParseError",
    "ServiceError",
    "Transport",
    "TransportError",
    "UnknownServiceError",
    "__version__",
    "connect",
    "connectparticipant",
    "errors",
    "paginate",
]


def connectparticipant(
    config: Config | Mapping[str, Any] | None = None,
    credentials: Mapping[str, Any] | None = None,
    endpoint: str | None = None,
    region: str | None = None,
    *,
    transport: Transport | None = None,
    session: Any = None,
) -> Client:
    """A Participant Service client, as paws' `connectparticipant()`.

    config: a dict of settings (see `Config`) or a Config; credentials: accepted for paws
    compatibility and never used (the service needs none); endpoint, region: override config's.
    session: a requests.Session to send with (its proxies, verify, cert and mounted adapters
    count; default: a new one). transport: another way to send REST calls (default: the
    Session's adapters). Proxies and the trust store: see `client.network`.
    """
    from ._client import Client

    settings = Config.from_args(config, credentials=credentials, endpoint=endpoint, region=region)
    return Client(settings, transport=transport, session=session)


def connect(*args: Any, **kwargs: Any) -> Any:
    """An Amazon Connect client (StartChatContact, CreateParticipant, StopContact, ...), as paws'
    `connect()`, signed with SigV4; see `paws_compat._connect.connect` for its arguments."""
    from ._connect import connect as make

    return make(*args, **kwargs)


def __getattr__(name: str) -> Any:
    # The client module builds methods from the model: only pay for it when it is used.
    if name == "Client":
        from ._client import Client

        return Client
    if name == "Record":
        from ._result import Record

        return Record
    if name in ("paginate", "PaginationError"):  # paging: paws' paginate(svc.get_transcript, ...)
        from . import _paging

        return getattr(_paging, name)
    if name in ("RequestsTransport", "Transport"):
        from . import _transport

        return getattr(_transport, name)
    raise AttributeError(f"module 'paws_compat' has no attribute {name!r}")


class _Package(_types.ModuleType):
    """paws_compat's module type: a class of its own for R (`paws_compat._Package`), by which R's
    paws.compat signals what the module's functions raise as its conditions (R/reticulate.R)."""


_sys.modules[__name__].__class__ = _Package

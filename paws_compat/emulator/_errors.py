"""The errors the emulated services answer with: a code, its HTTP status from the models, a message."""

from __future__ import annotations

from typing import Any

from paws_compat._model import load_model


def _error_statuses() -> dict[str, int]:
    statuses: dict[str, int] = {}
    for service in ("connect", "connectparticipant"):
        for shape in load_model(service).shapes.values():
            if shape.is_error and shape.error_status is not None:
                statuses[shape.error_code or shape.name] = shape.error_status
    return statuses


ERROR_STATUS = _error_statuses()


class ApiError(Exception):
    """An error the service answers with: code, HTTP status, message and extra body members."""

    def __init__(self, code: str, message: str, status: int | None = None, **extra: Any) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status if status is not None else ERROR_STATUS.get(code, 400)
        self.extra = extra

    def body(self) -> dict[str, Any]:
        return {"message": self.message, **self.extra}


def denied(message: str = "You do not have sufficient access to perform this action.") -> ApiError:
    return ApiError("AccessDeniedException", message)


def invalid(message: str) -> ApiError:
    return ApiError("ValidationException", message)

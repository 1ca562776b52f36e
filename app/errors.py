"""Domain errors and the one handler that turns them into responses.

Every error a client can act on has a stable snake_case ``code``; the body is
``{"detail": {"code": ..., "message": ...}}``.
"""

import json
import logging
from typing import Any

from fastapi import FastAPI, Request, status
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

logger = logging.getLogger(__name__)


class DomainError(Exception):
    status_code: int = status.HTTP_400_BAD_REQUEST
    code: str = "bad_request"
    message: str = "The request cannot be processed."

    def __init__(
        self,
        message: str | None = None,
        *,
        code: str | None = None,
        status_code: int | None = None,
    ) -> None:
        self.message = message or self.message
        self.code = code or self.code
        self.status_code = status_code or self.status_code
        super().__init__(self.message)

    def to_body(self) -> dict[str, Any]:
        return {"detail": {"code": self.code, "message": self.message}}


class BadRequest(DomainError):
    status_code = status.HTTP_400_BAD_REQUEST


class Unauthorized(DomainError):
    status_code = status.HTTP_401_UNAUTHORIZED
    code = "not_authenticated"
    message = "Authentication is required."


class Forbidden(DomainError):
    status_code = status.HTTP_403_FORBIDDEN
    code = "forbidden"
    message = "You are not allowed to do this."


class NotFound(DomainError):
    status_code = status.HTTP_404_NOT_FOUND
    code = "not_found"
    message = "Not found."


class Conflict(DomainError):
    status_code = status.HTTP_409_CONFLICT
    code = "conflict"


class Unprocessable(DomainError):
    status_code = status.HTTP_422_UNPROCESSABLE_CONTENT


def error_responses(*errors: type[DomainError]) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses=`` entries for the errors a route may raise."""
    codes: dict[int, list[str]] = {}
    for error in errors:
        codes.setdefault(error.status_code, []).append(error.code)
    return {
        status_code: {"description": ", ".join(sorted(set(names)))}
        for status_code, names in codes.items()
    }


async def _domain_error_handler(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DomainError)
    headers = None
    if exc.status_code == status.HTTP_401_UNAUTHORIZED:
        headers = {"WWW-Authenticate": "Bearer"}
    return JSONResponse(exc.to_body(), status_code=exc.status_code, headers=headers)


async def _validation_error_handler(request: Request, exc: Exception) -> JSONResponse:
    """FastAPI's usual 422, minus echoed input that JSON cannot carry.

    The stock handler echoes each bad value back; a lone surrogate or an
    infinite number cannot be rendered, and the 422 would become a 500.
    """
    assert isinstance(exc, RequestValidationError)
    errors = [_renderable(error) for error in exc.errors()]
    return JSONResponse({"detail": errors}, status_code=422)


def _renderable(error: Any) -> dict[str, Any]:
    safe = {key: error[key] for key in ("type", "loc", "msg") if key in error}
    try:
        echoed = jsonable_encoder(error.get("input"))
        json.dumps(echoed, allow_nan=False, ensure_ascii=False).encode("utf-8")
    except (TypeError, ValueError):
        return safe
    safe["input"] = echoed
    return safe


HTTP_ERROR_CODES = {
    400: "bad_request",
    401: "not_authenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    413: "payload_too_large",
    415: "unsupported_media_type",
}


async def _http_error_handler(request: Request, exc: Exception) -> JSONResponse:
    """Framework errors (unparseable body, unknown route) in the domain shape."""
    assert isinstance(exc, StarletteHTTPException)
    code = HTTP_ERROR_CODES.get(exc.status_code, "http_error")
    message = exc.detail if isinstance(exc.detail, str) else "Request failed."
    return JSONResponse(
        {"detail": {"code": code, "message": message}},
        status_code=exc.status_code,
        headers=exc.headers,
    )


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(DomainError, _domain_error_handler)
    app.add_exception_handler(RequestValidationError, _validation_error_handler)
    app.add_exception_handler(StarletteHTTPException, _http_error_handler)

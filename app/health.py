"""Liveness and readiness."""

import logging

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from app.db.session import get_database

logger = logging.getLogger(__name__)

router = APIRouter(tags=["health"])


@router.get("/health")
async def health() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/ready", response_model=None)
async def ready(request: Request) -> dict[str, str] | JSONResponse:
    try:
        await get_database(request).ping()
    except Exception:
        logger.warning("readiness check failed", exc_info=True)
        return JSONResponse(
            {"detail": {"code": "database_unavailable", "message": "No database."}},
            status_code=503,
        )
    return {"status": "ready"}

"""``GET /metrics``: the Prometheus scrape endpoint."""

from fastapi import APIRouter, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST

from app.metrics.registry import get_metrics

router = APIRouter(tags=["metrics"])


@router.get("/metrics", response_class=Response, include_in_schema=False)
async def metrics(request: Request) -> Response:
    body = await get_metrics(request).render()
    return Response(content=body, media_type=CONTENT_TYPE_LATEST)

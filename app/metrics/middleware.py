"""HTTP request duration by route template, as pure ASGI middleware.

The label is the matched route's template (``/users/{user_id}``), never the
raw path, so the number of series stays bounded whatever clients send.
"""

import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.metrics.registry import Metrics

UNMATCHED_ROUTE = "<unmatched>"
KNOWN_METHODS = frozenset(
    {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT"}
)


class MetricsMiddleware:
    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        status = 500
        started = time.perf_counter()

        async def send_and_note_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_and_note_status)
        finally:
            self.metrics.http_duration.labels(
                method=method_label(scope["method"]),
                route=route_template(scope),
                status=str(status),
            ).observe(time.perf_counter() - started)


def route_template(scope: Scope) -> str:
    route = scope.get("route")
    path = getattr(route, "path", None)
    return path if isinstance(path, str) else UNMATCHED_ROUTE


def method_label(method: str) -> str:
    """The method, or ``OTHER``: clients may send any token as a method."""
    return method if method in KNOWN_METHODS else "OTHER"

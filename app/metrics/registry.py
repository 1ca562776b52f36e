"""The instruments of one application instance.

Each app owns its :class:`~prometheus_client.CollectorRegistry` (kept on
``app.state.metrics``), so several apps in one process never share or clash
over metrics. Values that are cheaper to read than to track (queue depth,
open chats) are refreshed by scrape hooks just before each scrape.
"""

import logging
from collections.abc import Awaitable, Callable

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from starlette.requests import HTTPConnection

logger = logging.getLogger(__name__)

ScrapeHook = Callable[["Metrics"], Awaitable[None]]

LAG_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5)
HTTP_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
JOB_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self._scrape_hooks: list[tuple[str, ScrapeHook]] = []
        self.loop_lag = Histogram(
            "asyncdesk_event_loop_lag_seconds",
            "How late the event loop woke a sleeping task.",
            buckets=LAG_BUCKETS,
            registry=self.registry,
        )
        self.http_duration = Histogram(
            "asyncdesk_http_request_duration_seconds",
            "HTTP request duration by route template and status.",
            ["method", "route", "status"],
            buckets=HTTP_BUCKETS,
            registry=self.registry,
        )
        self._add_job_instruments()
        self._add_gauges()

    def _add_job_instruments(self) -> None:
        self.job_runs = Counter(
            "asyncdesk_job_runs",
            "Scheduled job runs by job and outcome.",
            ["job", "outcome"],
            registry=self.registry,
        )
        self.job_duration = Histogram(
            "asyncdesk_job_duration_seconds",
            "Scheduled job run duration.",
            ["job"],
            buckets=JOB_BUCKETS,
            registry=self.registry,
        )

    def _add_gauges(self) -> None:
        self.websocket_connections = Gauge(
            "asyncdesk_websocket_connections",
            "Open WebSocket connections held by this process.",
            registry=self.registry,
        )
        self.queue_depth = Gauge(
            "asyncdesk_support_queue_depth",
            "Users waiting in the support queue.",
            registry=self.registry,
        )
        self.open_chats = Gauge(
            "asyncdesk_support_open_chats",
            "Support chats that are open.",
            registry=self.registry,
        )

    def observe_job(self, job: str, seconds: float, *, failed: bool) -> None:
        """Record one run; the job runner calls this for every run."""
        self.job_runs.labels(job=job, outcome="failure" if failed else "success").inc()
        self.job_duration.labels(job=job).observe(seconds)

    def add_scrape_hook(self, name: str, hook: ScrapeHook) -> None:
        self._scrape_hooks.append((name, hook))

    async def render(self) -> bytes:
        """The exposition text, after refreshing what hooks compute."""
        for name, hook in self._scrape_hooks:
            try:
                await hook(self)
            except Exception:
                logger.warning(
                    "metrics hook failed", exc_info=True, extra={"hook": name}
                )
        return generate_latest(self.registry)


def get_metrics(connection: HTTPConnection) -> Metrics:
    metrics: Metrics = connection.app.state.metrics
    return metrics

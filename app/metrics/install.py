"""Wiring the metrics into an application."""

import asyncio

from fastapi import FastAPI

from app.config import Settings
from app.metrics.gauges import SupportGauges
from app.metrics.loop import log_slow_callbacks
from app.metrics.middleware import MetricsMiddleware
from app.metrics.registry import Metrics
from app.metrics.router import router
from app.metrics.sampler import LoopLagSampler


def install_metrics(app: FastAPI) -> Metrics:
    """Give ``app`` its own registry, the request middleware and ``/metrics``."""
    metrics = Metrics()
    app.state.metrics = metrics
    app.add_middleware(MetricsMiddleware, metrics=metrics)
    app.include_router(router)
    metrics.add_scrape_hook("support", SupportGauges(app))
    return metrics


def start_loop_monitoring(app: FastAPI) -> LoopLagSampler:
    """Start the lag sampler on the running loop; call from the lifespan."""
    settings: Settings = app.state.settings
    metrics: Metrics = app.state.metrics
    if settings.loop_slow_callback_ms:
        log_slow_callbacks(asyncio.get_running_loop(), settings.loop_slow_callback_ms)

    sampler = LoopLagSampler(
        metrics.loop_lag,
        interval_s=settings.loop_lag_sample_interval_ms / 1000,
        warn_s=settings.loop_lag_warn_ms / 1000,
    )
    sampler.start()
    return sampler

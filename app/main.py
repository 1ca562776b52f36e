"""The application factory and its lifespan."""

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from app import health
from app.auth.router import router as auth_router
from app.auth.security import PasswordHasher
from app.background import BackgroundTasks
from app.config import Settings, get_settings
from app.db.engine import create_engine
from app.db.session import Database
from app.errors import install_error_handlers
from app.invitations.router import router as admin_router
from app.limits import BodySizeLimit
from app.mail.sender import build_mail_sender
from app.metrics import install_metrics, start_loop_monitoring
from app.notifications.router import router as notifications_router
from app.realtime.hub import LocalHub
from app.realtime.router import router as realtime_router
from app.rewards.router import router as rewards_router
from app.scheduler.context import JobContext
from app.scheduler.registry import build_registry
from app.scheduler.runner import JobRunner
from app.scheduler.scheduler import JobScheduler
from app.support.router import router as support_router
from app.users.router import router as users_router

logger = logging.getLogger(__name__)


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    settings: Settings = app.state.settings
    background = BackgroundTasks()
    engine = create_engine(
        settings.database_url,
        pool_size=settings.database_pool_size,
        max_overflow=settings.database_max_overflow,
        sqlite_busy_timeout_ms=settings.sqlite_busy_timeout_ms,
    )
    hasher = PasswordHasher(
        time_cost=settings.password_hash_time_cost,
        memory_kib=settings.password_hash_memory_kib,
        parallelism=settings.password_hash_parallelism,
        workers=settings.password_hash_workers,
        niceness=settings.password_hash_niceness,
    )
    app.state.background = background
    app.state.database = Database(engine, background)
    app.state.hasher = hasher
    app.state.mailer = build_mail_sender(settings)
    hub = LocalHub(
        ping_interval=settings.websocket_ping_interval_seconds,
        missed_pongs_limit=settings.websocket_missed_pongs_limit,
    )
    await hub.start()
    app.state.hub = hub
    app.state.job_context = JobContext(app.state.database, hub, settings)
    scheduler = JobScheduler(
        JobRunner(
            app.state.job_context,
            build_registry(settings),
            observer=app.state.metrics.observe_job,
        ),
        enabled=settings.scheduler_enabled,
    )
    app.state.scheduler = scheduler
    scheduler.start()
    loop_monitor = start_loop_monitoring(app)
    if "secret_key" not in settings.model_fields_set:
        logger.warning(
            "ASYNCDESK_SECRET_KEY is not set: access tokens are signed with a "
            "random key and stop working when this process ends"
        )
    logger.info(
        "asyncdesk started",
        extra={"dialect": engine.dialect.name, "hash_workers": hasher.workers},
    )

    try:
        yield
    finally:
        await scheduler.stop()
        await hub.close()
        await loop_monitor.stop()
        await background.drain()
        hasher.close()
        await engine.dispose()
        logger.info("asyncdesk stopped")


def create_app(settings: Settings | None = None) -> FastAPI:
    app = FastAPI(
        title="asyncdesk",
        version="0.1.0",
        lifespan=lifespan,
        description="Sign-up with invitation rewards, email verification and a "
        "customer-service chat, asynchronous end to end.",
    )
    app.state.settings = settings or get_settings()
    install_error_handlers(app)
    app.add_middleware(BodySizeLimit, max_bytes=app.state.settings.max_body_bytes)
    install_metrics(app)
    app.include_router(health.router)
    app.include_router(auth_router)
    app.include_router(users_router)
    app.include_router(admin_router)
    app.include_router(rewards_router)
    app.include_router(support_router)
    app.include_router(notifications_router)
    app.include_router(realtime_router)
    return app

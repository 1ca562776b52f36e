"""Operator commands: list the jobs, run one job once."""

import json

from app.background import BackgroundTasks
from app.config import Settings
from app.db.engine import create_engine
from app.db.session import Database
from app.realtime.hub import LocalHub
from app.scheduler.context import JobContext, JobOutcome
from app.scheduler.registry import build_registry
from app.scheduler.runner import JobRunner


def describe_jobs(settings: Settings) -> list[str]:
    return [
        f"{job.name}\tevery {job.interval_seconds:g} s\t{job.description}"
        for job in build_registry(settings).values()
    ]


async def run_job(settings: Settings, name: str) -> JobOutcome | None:
    """One run of one job in this process.

    This process holds no sockets, so its pushes reach nobody; connected
    clients still see the result through the HTTP API.
    TODO(pushes from ``jobs run`` need the cross-process backplane to reach
    clients connected to a server process)
    """
    background = BackgroundTasks()
    database = Database(create_engine(settings.database_url), background)
    hub = LocalHub(
        ping_interval=settings.websocket_ping_interval_seconds,
        missed_pongs_limit=settings.websocket_missed_pongs_limit,
    )
    runner = JobRunner(JobContext(database, hub, settings), build_registry(settings))
    try:
        return await runner.run(name)
    finally:
        await background.drain()
        await database.dispose()


def render_outcome(name: str, outcome: JobOutcome | None) -> str:
    return json.dumps({"job": name, "ok": outcome is not None, "outcome": outcome})

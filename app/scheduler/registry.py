"""Every scheduled job, by name, with how often it runs."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from app.config import Settings
from app.scheduler.context import JobContext, JobOutcome
from app.scheduler.housekeeping import purge_expired_signups
from app.support.jobs import (
    assign_queued_users,
    end_idle_chats,
    purge_ended_chats,
    warn_idle_chats,
)

JobFunction = Callable[[JobContext], Awaitable[JobOutcome]]

PURGE_INTERVAL_SECONDS = 3600.0


@dataclass(frozen=True)
class Job:
    name: str
    function: JobFunction
    interval_seconds: float
    description: str


def build_registry(settings: Settings) -> dict[str, Job]:
    support_interval = settings.support_job_interval_seconds
    jobs = [
        Job(
            "warn_idle_chats",
            warn_idle_chats,
            support_interval,
            "warn chats idle for CHAT_TIMEOUT_SECONDS - CHAT_WARNING_SECONDS",
        ),
        Job(
            "end_idle_chats",
            end_idle_chats,
            support_interval,
            "end chats idle for CHAT_TIMEOUT_SECONDS",
        ),
        Job(
            "assign_queued_users",
            assign_queued_users,
            support_interval,
            "give waiting users to online agents with free capacity",
        ),
        Job(
            "purge_ended_chats",
            purge_ended_chats,
            PURGE_INTERVAL_SECONDS,
            "delete chats ended more than ENDED_CHAT_RETENTION_DAYS ago",
        ),
        Job(
            "purge_expired_signups",
            purge_expired_signups,
            PURGE_INTERVAL_SECONDS,
            "delete pending sign-ups whose link expired",
        ),
    ]
    return {job.name: job for job in jobs}

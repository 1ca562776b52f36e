"""APScheduler 3.x on the application's event loop."""

import logging

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

from app.scheduler.runner import JobRunner

logger = logging.getLogger(__name__)


def build_scheduler(runner: JobRunner) -> AsyncIOScheduler:
    """One interval job per registry entry; call ``start()`` inside the loop."""
    scheduler = AsyncIOScheduler(timezone="UTC")
    for job in runner.jobs.values():
        scheduler.add_job(
            runner.run,
            IntervalTrigger(seconds=job.interval_seconds),
            args=[job.name],
            id=job.name,
            name=job.name,
            # A run that is due while the previous one still runs is skipped:
            # jobs are batched and idempotent, the next tick picks up the rest.
            max_instances=1,
            # After a stall (loop busy, laptop asleep) run once, not a burst
            # of replays that would all find the same rows.
            coalesce=True,
            # The default grace of 1 s silently drops a tick that starts a
            # little late under load; a whole interval keeps it.
            misfire_grace_time=max(1, int(job.interval_seconds)),
            replace_existing=True,
        )
    return scheduler


class JobScheduler:
    """The scheduler and its runner, started and stopped by the lifespan."""

    def __init__(self, runner: JobRunner, *, enabled: bool) -> None:
        self.runner = runner
        self.enabled = enabled
        self._scheduler = build_scheduler(runner)

    @property
    def running(self) -> bool:
        return bool(self._scheduler.running)

    def start(self) -> None:
        """Binds the running loop: call from inside it (the lifespan)."""
        if not self.enabled:
            logger.info("scheduler disabled")
            return
        self._scheduler.start()
        logger.info("scheduler started", extra={"jobs": len(self.runner.jobs)})

    async def stop(self) -> None:
        if self._scheduler.running:
            # Coroutine jobs are tasks on our loop; wait for them below.
            self._scheduler.shutdown(wait=False)
        await self.runner.wait_running()

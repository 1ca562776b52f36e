"""Running one job once: timing, outcome logging, failure containment.

The scheduler and the ``jobs run`` command both go through :class:`JobRunner`.
It is also the seam for running several processes: a runner that first takes
a cluster-wide lock per tick can replace it without touching the jobs (which
are race-safe on their own regardless).
"""

import asyncio
import logging
import time
from typing import Protocol

from app.scheduler.context import JobContext, JobOutcome
from app.scheduler.registry import Job

logger = logging.getLogger(__name__)


class UnknownJob(LookupError):
    pass


class JobObserver(Protocol):
    """Told about every run (metrics)."""

    def __call__(self, job: str, seconds: float, *, failed: bool) -> None: ...


class JobRunner:
    def __init__(
        self,
        context: JobContext,
        jobs: dict[str, Job],
        *,
        observer: JobObserver | None = None,
    ) -> None:
        self.context = context
        self.jobs = jobs
        self.observer = observer
        self._running: set[asyncio.Task[object]] = set()

    async def run(self, name: str) -> JobOutcome | None:
        """Run the job once; its outcome, or None when it failed (and logged)."""
        job = self.jobs.get(name)
        if job is None:
            raise UnknownJob(name)

        task = asyncio.current_task()
        if task is not None:
            self._running.add(task)
        try:
            return await self._timed(job)
        finally:
            if task is not None:
                self._running.discard(task)

    async def _timed(self, job: Job) -> JobOutcome | None:
        started = time.perf_counter()
        try:
            outcome = await job.function(self.context)
        except Exception:
            self._observe(job, started, failed=True)
            logger.exception(
                "job failed",
                extra={"job": job.name, "duration_ms": _since(started)},
            )
            return None

        self._observe(job, started, failed=False)
        logger.info(
            "job finished",
            extra={"job": job.name, "duration_ms": _since(started), **outcome},
        )
        return outcome

    def _observe(self, job: Job, started: float, *, failed: bool) -> None:
        if self.observer is not None:
            self.observer(job.name, time.perf_counter() - started, failed=failed)

    async def wait_running(self, timeout: float = 10.0) -> None:
        """Let runs in progress finish (shutdown), cancelling stragglers."""
        running = set(self._running)
        if not running:
            return
        _, late = await asyncio.wait(running, timeout=timeout)
        for task in late:
            task.cancel()
        await asyncio.gather(*late, return_exceptions=True)


def _since(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 1)

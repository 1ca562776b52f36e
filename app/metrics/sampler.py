"""A tiny task that measures how late the event loop runs its callbacks.

It sleeps for a fixed interval and records how much later than asked it
woke up. Anything that holds the loop (a blocking call, a long CPU step)
shows up as lag, whatever it was.
"""

import asyncio
import contextlib
import logging

from prometheus_client import Histogram

logger = logging.getLogger(__name__)


class LoopLagSampler:
    def __init__(
        self, histogram: Histogram, *, interval_s: float, warn_s: float
    ) -> None:
        self._histogram = histogram
        self._interval_s = interval_s
        self._warn_s = warn_s
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="loop-lag-sampler")

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is None:
            return
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            asked_at = loop.time()
            await asyncio.sleep(self._interval_s)
            self.record(loop.time() - asked_at - self._interval_s)

    def record(self, lag_s: float) -> None:
        lag_s = max(lag_s, 0.0)
        self._histogram.observe(lag_s)
        if lag_s > self._warn_s:
            logger.warning("event loop lag", extra={"lag_ms": round(lag_s * 1000, 1)})

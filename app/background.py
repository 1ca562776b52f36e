"""Fire-and-forget work that must not sit on a request's critical path.

Every task is tracked, so that shutdown can wait for it, and its failure is
logged instead of vanishing with the task.
"""

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any

logger = logging.getLogger(__name__)


class BackgroundTasks:
    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[None]] = set()

    def spawn(self, coro: Coroutine[Any, Any, None], *, name: str) -> None:
        task = asyncio.create_task(self._guard(coro, name), name=name)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _guard(self, coro: Coroutine[Any, Any, None], name: str) -> None:
        try:
            await coro
        except asyncio.CancelledError:
            raise
        except Exception:
            logger.exception("background task failed", extra={"task": name})

    @property
    def pending(self) -> int:
        return len(self._tasks)

    async def drain(self, timeout: float = 10.0) -> None:
        """Wait for running tasks, then cancel what is left after ``timeout``."""
        if not self._tasks:
            return

        _, still_running = await asyncio.wait(set(self._tasks), timeout=timeout)

        for task in still_running:
            task.cancel()
        if still_running:
            logger.warning(
                "cancelled background tasks at shutdown",
                extra={"count": len(still_running)},
            )
            await asyncio.gather(*still_running, return_exceptions=True)

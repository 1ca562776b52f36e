"""Event-loop diagnostics switched on by settings."""

import asyncio
import logging

logger = logging.getLogger(__name__)


def log_slow_callbacks(loop: asyncio.AbstractEventLoop, threshold_ms: float) -> None:
    """Have asyncio log every callback that holds ``loop`` past the threshold.

    Debug mode costs some speed, so this is for test and diagnosis runs. The
    lines read ``Executing <callback> took N seconds`` (logger ``asyncio``).
    """
    loop.set_debug(True)
    loop.slow_callback_duration = threshold_ms / 1000
    logging.getLogger("asyncio").setLevel(logging.WARNING)
    logger.info("slow callback logging on", extra={"threshold_ms": threshold_ms})
